package io.datamover.snapshot.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.snapshot.domain.NextVolumeSnapshot.Existing;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NextVolumeSnapshotTest {

    @Test
    void shouldTakeSnapshotOneOfAVolumeWithoutVolumeSnapshots() {
        assertThat(NextVolumeSnapshot.of(List.of())).isEqualTo(new NextVolumeSnapshot(1, false));
    }

    @Test
    void shouldTakeOneMoreThanTheNewestReadyVolumeSnapshot() {
        assertThat(NextVolumeSnapshot.of(List.of(new Existing(4, true, false), new Existing(3, true, false))))
                .isEqualTo(new NextVolumeSnapshot(5, false));
    }

    @Test
    void shouldWaitAgainForTheNewestWhenItIsNotReadyYet() {
        assertThat(NextVolumeSnapshot.of(List.of(new Existing(3, true, false), new Existing(4, false, false))))
                .isEqualTo(new NextVolumeSnapshot(4, true));
    }

    @Test
    void shouldNotReuseTheNumberOfAVolumeSnapshotBeingDeleted() {
        assertThat(NextVolumeSnapshot.of(List.of(new Existing(3, true, false), new Existing(4, false, true))))
                .isEqualTo(new NextVolumeSnapshot(5, false));
    }

    @Test
    void shouldNameSnapshotsAfterTheVolumeAndReadTheirNumberFromTheLabels() {
        assertThat(VolumeSnapshotNames.name("pvc-0a1b", 7)).isEqualTo("pvc-0a1b.7");
        assertThat(VolumeSnapshotNames.snapshotOf(VolumeSnapshotNames.labels("stockholm", "pvc-0a1b", 7)))
                .isEqualTo(7);
        assertThat(VolumeSnapshotNames.snapshotOf(Map.of(VolumeSnapshotNames.SNAPSHOT_LABEL, "seven"))).isEqualTo(-1);
        assertThat(VolumeSnapshotNames.snapshotOf(null)).isEqualTo(-1);
    }

    @Test
    void shouldNumberAClaimRestoredFromSnapshotSevenAfterItUntilItsOwnSnapshotsGoFurther() {
        assertThat(NextVolumeSnapshot.of(List.of(), 7)).isEqualTo(new NextVolumeSnapshot(8, false));
        assertThat(NextVolumeSnapshot.of(List.of(new Existing(8, true, false)), 7))
                .isEqualTo(new NextVolumeSnapshot(9, false));
        assertThat(NextVolumeSnapshot.of(List.of(new Existing(8, false, false)), 7))
                .isEqualTo(new NextVolumeSnapshot(8, true));
    }
}
