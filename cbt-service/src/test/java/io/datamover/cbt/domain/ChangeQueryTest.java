package io.datamover.cbt.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.events.ChangeMethod;
import io.datamover.events.CsiSnapshot;
import io.datamover.events.SnapshotTaken;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeQueryTest {

    private static final SnapshotTaken CSI_SNAPSHOT = SnapshotTaken.of("stockholm", "pvc-0a1b", 3, 2L, 8192, 4096,
            List.of("oslo")).withCsi(new CsiSnapshot("shop", "pvc-0a1b.3", "snap-0003", "rbd.csi.ceph.com"),
                    new CsiSnapshot("shop", "pvc-0a1b.2", "snap-0002", "rbd.csi.ceph.com"));

    @Test
    void shouldAskForTheDeltaWhenTheSnapshotHasABase() {
        ChangeQuery query = ChangeQuery.of(SnapshotTaken.of("stockholm", "db", 3, 2L, 8192, 4096, List.of("oslo")));

        assertThat(query.method()).isEqualTo(ChangeMethod.CBT);
        assertThat(query.baseSnapshot()).isEqualTo(2L);
    }

    @Test
    void shouldAskForEveryAllocatedBlockWithoutABase() {
        ChangeQuery query = ChangeQuery.of(SnapshotTaken.of("stockholm", "db", 1, null, 8192, 4096, List.of("oslo")));

        assertThat(query.method()).isEqualTo(ChangeMethod.FULL);
    }

    @Test
    void shouldFallBackToAFullCopyOfTheSameSnapshot() {
        ChangeQuery full = new ChangeQuery("db", 3, 2L).full();

        assertThat(full).isEqualTo(new ChangeQuery("db", 3, null));
        assertThat(full.method()).isEqualTo(ChangeMethod.FULL);
    }

    @Test
    void shouldNameTheVolumeSnapshotsOfTheCsiBackendAsKep3314Does() {
        ChangeQuery query = ChangeQuery.of(CSI_SNAPSHOT);

        assertThat(query.namespace("stockholm")).isEqualTo("shop");
        assertThat(query.snapshotName()).isEqualTo("pvc-0a1b.3");
        assertThat(query.baseSnapshotId()).isEqualTo("snap-0002");
        assertThat(query.driver()).contains("rbd.csi.ceph.com");
        assertThat(query.full().snapshotName()).isEqualTo("pvc-0a1b.3");
        assertThat(query.full().baseSnapshot()).isNull();
    }

    @Test
    void shouldNameTheEmbeddedStoresSnapshotsInStaticModeWhateverTheEventNames() {
        ChangeQuery query = ChangeQuery.embedded(CSI_SNAPSHOT);

        assertThat(query.namespace("stockholm")).isEqualTo("stockholm");
        assertThat(query.snapshotName()).isEqualTo("pvc-0a1b.3");
        assertThat(query.baseSnapshotId()).isEqualTo("pvc-0a1b.2");
        assertThat(query.driver()).isEmpty();
    }

    @Test
    void shouldKnowThatNoDeltaCanBeAskedWithoutTheBasesHandle() {
        assertThat(ChangeQuery.of(CSI_SNAPSHOT.withCsi(CSI_SNAPSHOT.csi(), null)).lacksBaseHandle()).isTrue();
        assertThat(ChangeQuery.of(CSI_SNAPSHOT).lacksBaseHandle()).isFalse();
        assertThat(new ChangeQuery("db", 3, 2L).lacksBaseHandle()).isFalse();
    }
}
