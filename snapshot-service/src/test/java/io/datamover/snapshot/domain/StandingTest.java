package io.datamover.snapshot.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StandingTest {

    @Test
    void shouldBeActiveWhileEveryVolumeIsAPrimaryHereFrozenOrNot() {
        assertThat(Standing.of(List.of(VolumeStatus.PRIMARY, VolumeStatus.FROZEN))).isEqualTo(Standing.ACTIVE);
    }

    @Test
    void shouldStandByWhileSomeVolumeIsAReplicaOrMissing() {
        assertThat(Standing.of(List.of(VolumeStatus.PRIMARY, VolumeStatus.REPLICA))).isEqualTo(Standing.STANDBY);
        assertThat(Standing.of(List.of(VolumeStatus.MISSING, VolumeStatus.PRIMARY))).isEqualTo(Standing.STANDBY);
    }

    @Test
    void shouldScheduleOnlyAWritablePrimary() {
        assertThat(VolumeStatus.PRIMARY.isSchedulable()).isTrue();
        assertThat(List.of(VolumeStatus.FROZEN, VolumeStatus.REPLICA, VolumeStatus.MISSING))
                .noneMatch(VolumeStatus::isSchedulable);
    }
}
