package io.datamover.snapshot.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.events.ReplicaApplied;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicationProgressTest {

    private final ReplicationProgress progress = new ReplicationProgress("stockholm");

    @Test
    void shouldKeepTheLastAppliedSnapshotPerTarget() {
        progress.record(applied("falkenberg", "stockholm", 1));
        progress.record(applied("falkenberg", "stockholm", 2));
        progress.record(applied("oslo", "stockholm", 1));

        assertThat(progress.applied("db")).containsExactlyInAnyOrderEntriesOf(
                Map.of("falkenberg", 2L, "oslo", 1L));
    }

    @Test
    void shouldNotMoveATargetBackOnAReplayedEvent() {
        progress.record(applied("falkenberg", "stockholm", 3));
        progress.record(applied("falkenberg", "stockholm", 2));

        assertThat(progress.applied("db")).containsEntry("falkenberg", 3L);
    }

    @Test
    void shouldIgnoreReplicasOfOtherSites() {
        boolean recorded = progress.record(applied("stockholm", "falkenberg", 4));

        assertThat(recorded).isFalse();
        assertThat(progress.applied("db")).isEmpty();
    }

    @Test
    void shouldTakeASnapshotATargetHoldsAfterASwitchoverAsApplied() {
        progress.record(applied("falkenberg", "stockholm", 2));

        progress.holds("db", "falkenberg", 7);
        progress.holds("db", "falkenberg", 5);

        assertThat(progress.applied("db")).containsExactlyEntriesOf(Map.of("falkenberg", 7L));
    }

    private static ReplicaApplied applied(String site, String sourceSite, long snapshot) {
        return ReplicaApplied.of(site, sourceSite, "db", snapshot, null, 10, 10, Instant.now());
    }
}
