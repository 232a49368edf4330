package io.datamover.blockstore.storage;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store of site {@value #SITE} opened on a fresh data directory before each test and closed after it. A test that
 * opens the store again (after a close or a crash) assigns {@link #store}, which is then the one closed.
 */
abstract class StoreTest {

    static final String SITE = "test-site";

    @TempDir
    Path dataDir;

    VolumeStore store;

    @BeforeEach
    void openStore() throws IOException {
        store = VolumeStore.open(dataDir, SITE);
    }

    @AfterEach
    void closeStore() throws IOException {
        store.close();
    }
}
