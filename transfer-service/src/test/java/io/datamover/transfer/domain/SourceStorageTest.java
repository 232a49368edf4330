package io.datamover.transfer.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.events.ChangeMethod;
import io.datamover.events.Extent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceStorageTest {

    private static final ChangedSet SET = new ChangedSet("stockholm", "pvc-0a1b", 3, 2L, ChangeMethod.CBT, 1 << 20,
            4096, List.of(new Extent(0, 4096)), List.of("falkenberg"), Instant.EPOCH);

    @Test
    void shouldShipFromTheEmbeddedStore() {
        assertThat(SourceStorage.EMBEDDED.cannotShip(SET)).isEmpty();
    }

    @Test
    void shouldRefuseToShipACsiSnapshotNamingTheBackendAndTheSnapshot() {
        assertThat(SourceStorage.CSI.cannotShip(SET)).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("the csi storage backend cannot read the data of volume pvc-0a1b snapshot 3 (base 2) of"
                        + " site stockholm yet")
                .contains("[falkenberg]"));
    }
}
