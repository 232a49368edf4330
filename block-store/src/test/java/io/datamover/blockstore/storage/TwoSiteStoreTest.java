package io.datamover.blockstore.storage;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stores of two sites, {@code stockholm} and {@code falkenberg}, opened on fresh data directories before each
 * test and closed after it. A test that opens stockholm's store again ({@link #reopenStockholm()}) has that one
 * closed.
 */
abstract class TwoSiteStoreTest {

    @TempDir
    Path dataDirs;

    VolumeStore stockholm;
    VolumeStore falkenberg;

    @BeforeEach
    void openStores() throws IOException {
        stockholm = reopenStockholm();
        falkenberg = VolumeStore.open(dataDirs.resolve("falkenberg"), "falkenberg");
    }

    @AfterEach
    void closeStores() throws IOException {
        stockholm.close();
        falkenberg.close();
    }

    /** Opens stockholm's store on its data directory again, as after a restart, and keeps it as the one to close. */
    VolumeStore reopenStockholm() throws IOException {
        stockholm = VolumeStore.open(dataDirs.resolve("stockholm"), "stockholm");
        return stockholm;
    }
}
