package io.datamover.placement.domain;

import static io.datamover.placement.VolumeEvents.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.events.Event;
import io.datamover.events.ReplicaHealth;
import io.datamover.events.ReplicaState;
import io.datamover.events.ReplicaStatus;
import io.datamover.events.SiteHeartbeat;
import io.datamover.events.TransferProgress;
import io.datamover.placement.VolumeEvents;
import org.junit.jupiter.api.Test;

class ReplicaStateFoldTest {

    private static final String STOCKHOLM = "stockholm";
    private static final String FALKENBERG = "falkenberg";
    private static final String ARCTIC = "arctic";

    private final VolumeEvents events = new VolumeEvents("pg-data");

    @Test
    void shouldTakePrimaryAndLatestSnapshotFromSnapshotTakenAndStartEveryTargetInitializing() {
        ReplicaState state = view(events.snapshotTaken(STOCKHOLM, 1, at(0), FALKENBERG, ARCTIC));

        assertThat(state.volumeId()).isEqualTo("pg-data");
        assertThat(state.primarySite()).isEqualTo(STOCKHOLM);
        assertThat(state.latestSnapshot()).isEqualTo(1L);
        assertThat(state.latestSnapshotAt()).isEqualTo(at(0));
        assertThat(state.replicas()).containsOnlyKeys(FALKENBERG, ARCTIC);
        assertThat(state.replicas().get(FALKENBERG))
                .isEqualTo(new ReplicaStatus(FALKENBERG, null, null, null, 0, 0, ReplicaHealth.INITIALIZING));
    }

    @Test
    void shouldTakeAFailedOverPrimaryThatNumbersFromAnOlderSnapshotThanTheLostOne() {
        ReplicaState state = view(
                events.snapshotTaken(STOCKHOLM, 1, at(0), FALKENBERG),
                events.replicaApplied(FALKENBERG, STOCKHOLM, 1, at(0), at(2)),
                events.snapshotTaken(STOCKHOLM, 2, at(10), FALKENBERG),
                events.blocksChanged(STOCKHOLM, 2, 4096, at(10), FALKENBERG),
                events.snapshotTaken(FALKENBERG, 2, at(60), STOCKHOLM),
                events.snapshotTaken(STOCKHOLM, 2, at(10), FALKENBERG));

        assertThat(state.primarySite()).as("the promoted replica's snapshot 2 replaces the lost site's")
                .isEqualTo(FALKENBERG);
        assertThat(state.latestSnapshot()).isEqualTo(2L);
        assertThat(state.latestSnapshotAt()).isEqualTo(at(60));
        assertThat(state.replicas()).containsOnlyKeys(STOCKHOLM);
        assertThat(state.replicas().get(STOCKHOLM).lagBytes()).as("the lost site's changes are not the new history")
                .isZero();
    }

    @Test
    void shouldIgnoreAnotherSitesOlderSnapshotThatComesLate() {
        ReplicaState state = view(
                events.snapshotTaken(FALKENBERG, 3, at(60), STOCKHOLM),
                events.snapshotTaken(STOCKHOLM, 2, at(10), FALKENBERG));

        assertThat(state.primarySite()).isEqualTo(FALKENBERG);
        assertThat(state.latestSnapshot()).isEqualTo(3L);
    }

    @Test
    void shouldKeepTheGroupPriorityOfTheLatestSnapshotThroughTheOtherEvents() {
        ReplicaState state = view(
                events.groupSnapshotTaken("webshop", STOCKHOLM, 1, at(0), FALKENBERG).withGroupPriority(5),
                events.groupSnapshotTaken("webshop", STOCKHOLM, 2, at(10), FALKENBERG).withGroupPriority(40),
                events.groupSnapshotTaken("webshop", STOCKHOLM, 1, at(0), FALKENBERG).withGroupPriority(5),
                events.blocksChanged(STOCKHOLM, 2, 4096, at(10), FALKENBERG),
                events.replicaApplied(FALKENBERG, STOCKHOLM, 1, at(0), at(12)));

        assertThat(state.groupId()).isEqualTo("webshop");
        assertThat(state.groupPriority()).as("snapshot 1 again changes nothing").isEqualTo(40);
    }

    @Test
    void shouldCountEveryUnappliedSnapshotAsLagWhileInitializing() {
        ReplicaStatus falkenberg = view(
                events.snapshotTaken(STOCKHOLM, 1, at(0), FALKENBERG),
                events.blocksChanged(STOCKHOLM, 1, 1000, at(0), FALKENBERG),
                events.snapshotTaken(STOCKHOLM, 2, at(60), FALKENBERG),
                events.blocksChanged(STOCKHOLM, 2, 200, at(60), FALKENBERG))
                .replicas().get(FALKENBERG);

        assertThat(falkenberg.state()).isEqualTo(ReplicaHealth.INITIALIZING);
        assertThat(falkenberg.lagBytes()).isEqualTo(1200);
        assertThat(falkenberg.lagSeconds()).isEqualTo(60);
    }

    @Test
    void shouldMeasureLagFromTheConsistentSnapshotOnceApplied() {
        ReplicaStatus falkenberg = view(
                events.snapshotTaken(STOCKHOLM, 1, at(0), FALKENBERG),
                events.blocksChanged(STOCKHOLM, 1, 1000, at(0), FALKENBERG),
                events.snapshotTaken(STOCKHOLM, 2, at(60), FALKENBERG),
                events.blocksChanged(STOCKHOLM, 2, 200, at(60), FALKENBERG),
                events.replicaApplied(FALKENBERG, STOCKHOLM, 1, at(0), at(70)),
                events.snapshotTaken(STOCKHOLM, 3, at(120), FALKENBERG),
                events.blocksChanged(STOCKHOLM, 3, 30, at(120), FALKENBERG))
                .replicas().get(FALKENBERG);

        assertThat(falkenberg).isEqualTo(
                new ReplicaStatus(FALKENBERG, 1L, at(0), at(70), 230, 120, ReplicaHealth.REPLICATING));
    }

    @Test
    void shouldHaveNoLagWhenTheLatestSnapshotIsApplied() {
        ReplicaStatus falkenberg = view(
                events.snapshotTaken(STOCKHOLM, 1, at(0), FALKENBERG),
                events.blocksChanged(STOCKHOLM, 1, 1000, at(0), FALKENBERG),
                events.replicaApplied(FALKENBERG, STOCKHOLM, 1, at(0), at(5)))
                .replicas().get(FALKENBERG);

        assertThat(falkenberg.lagBytes()).isZero();
        assertThat(falkenberg.lagSeconds()).isZero();
        assertThat(falkenberg.state()).isEqualTo(ReplicaHealth.REPLICATING);
    }

    @Test
    void shouldNotMoveAReplicaBackwardsOnAnOlderOrDuplicateApplied() {
        VolumeAggregate applied2 = fold(
                events.snapshotTaken(STOCKHOLM, 1, at(0), FALKENBERG),
                events.snapshotTaken(STOCKHOLM, 2, at(60), FALKENBERG),
                events.replicaApplied(FALKENBERG, STOCKHOLM, 2, at(60), at(65)));

        VolumeAggregate afterOld = ReplicaStateFold.apply(applied2,
                events.replicaApplied(FALKENBERG, STOCKHOLM, 1, at(0), at(66)));
        VolumeAggregate afterDuplicate = ReplicaStateFold.apply(afterOld,
                events.replicaApplied(FALKENBERG, STOCKHOLM, 2, at(60), at(67)));

        assertThat(afterDuplicate).isEqualTo(applied2);
        assertThat(afterDuplicate.replicas().get(FALKENBERG).consistentSnapshot()).isEqualTo(2L);
    }

    @Test
    void shouldNotMoveThePrimaryOrLatestSnapshotBackOnAStaleSnapshotTaken() {
        VolumeAggregate latest = fold(
                events.snapshotTaken(STOCKHOLM, 1, at(0), FALKENBERG),
                events.snapshotTaken(STOCKHOLM, 2, at(60), FALKENBERG));

        VolumeAggregate afterStale = ReplicaStateFold.apply(latest,
                events.snapshotTaken(ARCTIC, 1, at(0), STOCKHOLM));

        assertThat(afterStale).isEqualTo(latest);
    }

    @Test
    void shouldFreezeAndThawAReplicaAndIgnoreAnOlderFreeze() {
        VolumeAggregate applied = fold(
                events.snapshotTaken(STOCKHOLM, 1, at(0), FALKENBERG),
                events.replicaApplied(FALKENBERG, STOCKHOLM, 1, at(0), at(5)));

        VolumeAggregate frozen = ReplicaStateFold.apply(applied, events.volumeFrozen(FALKENBERG, true, at(10)));
        VolumeAggregate thawed = ReplicaStateFold.apply(frozen, events.volumeFrozen(FALKENBERG, false, at(20)));
        VolumeAggregate afterLateFreeze = ReplicaStateFold.apply(thawed, events.volumeFrozen(FALKENBERG, true, at(15)));

        assertThat(health(frozen, FALKENBERG)).isEqualTo(ReplicaHealth.FROZEN);
        assertThat(health(thawed, FALKENBERG)).isEqualTo(ReplicaHealth.REPLICATING);
        assertThat(afterLateFreeze).isEqualTo(thawed);
    }

    @Test
    void shouldThawAnInitializingReplicaBackToInitializing() {
        VolumeAggregate thawed = fold(
                events.snapshotTaken(STOCKHOLM, 1, at(0), FALKENBERG),
                events.volumeFrozen(FALKENBERG, true, at(10)),
                events.volumeFrozen(FALKENBERG, false, at(20)));

        assertThat(health(thawed, FALKENBERG)).isEqualTo(ReplicaHealth.INITIALIZING);
    }

    @Test
    void shouldIgnoreAFreezeOfThePrimarysOwnCopy() {
        VolumeAggregate taken = fold(events.snapshotTaken(STOCKHOLM, 1, at(0), FALKENBERG));

        assertThat(ReplicaStateFold.apply(taken, events.volumeFrozen(STOCKHOLM, true, at(10)))).isEqualTo(taken);
    }

    @Test
    void shouldForgetChangedBytesOfSnapshotsEveryReplicaHolds() {
        VolumeAggregate volume = fold(
                events.snapshotTaken(STOCKHOLM, 1, at(0), FALKENBERG, ARCTIC),
                events.blocksChanged(STOCKHOLM, 1, 1000, at(0), FALKENBERG, ARCTIC),
                events.snapshotTaken(STOCKHOLM, 2, at(60), FALKENBERG, ARCTIC),
                events.blocksChanged(STOCKHOLM, 2, 200, at(60), FALKENBERG, ARCTIC),
                events.replicaApplied(FALKENBERG, STOCKHOLM, 2, at(60), at(70)));
        assertThat(volume.changedBytes()).containsOnlyKeys(1L, 2L);

        VolumeAggregate allApplied1 = ReplicaStateFold.apply(volume,
                events.replicaApplied(ARCTIC, STOCKHOLM, 1, at(0), at(80)));

        assertThat(allApplied1.changedBytes()).containsOnlyKeys(2L);
        assertThat(ReplicaStateFold.view(allApplied1).replicas().get(ARCTIC).lagBytes()).isEqualTo(200);
    }

    @Test
    void shouldRememberChangedBytesFromTheFirstPageOnly() {
        VolumeAggregate volume = fold(
                events.snapshotTaken(STOCKHOLM, 1, at(0), FALKENBERG),
                events.page(STOCKHOLM, 1, 1, 999, at(0), FALKENBERG));

        assertThat(volume.changedBytes()).isEmpty();
    }

    @Test
    void shouldMoveThePrimaryWhenTheReplicaTakesTheNextSnapshot() {
        ReplicaState state = view(
                events.snapshotTaken(STOCKHOLM, 1, at(0), FALKENBERG),
                events.replicaApplied(FALKENBERG, STOCKHOLM, 1, at(0), at(5)),
                events.snapshotTaken(FALKENBERG, 2, at(60), STOCKHOLM));

        assertThat(state.primarySite()).isEqualTo(FALKENBERG);
        assertThat(state.latestSnapshot()).isEqualTo(2L);
        assertThat(state.replicas()).containsOnlyKeys(STOCKHOLM);
        assertThat(state.replicas().get(STOCKHOLM).state()).isEqualTo(ReplicaHealth.INITIALIZING);
    }

    @Test
    void shouldAddAReplicaFirstSeenThroughItsApply() {
        ReplicaStatus arctic = view(
                events.snapshotTaken(STOCKHOLM, 1, at(0), FALKENBERG),
                events.replicaApplied(ARCTIC, STOCKHOLM, 1, at(0), at(9)))
                .replicas().get(ARCTIC);

        assertThat(arctic.consistentSnapshot()).isEqualTo(1L);
        assertThat(arctic.state()).isEqualTo(ReplicaHealth.REPLICATING);
    }

    @Test
    void shouldLeaveTheVolumeAsItIsForAnEventItDoesNotFold() {
        VolumeAggregate taken = fold(events.snapshotTaken(STOCKHOLM, 1, at(0), FALKENBERG));

        assertThat(ReplicaStateFold.apply(taken, SiteHeartbeat.of(STOCKHOLM, "cbt-service"))).isSameAs(taken);
    }

    @Test
    void shouldTakeAnEarlierChunkArrivingLateAsTheStartOfTheRate() {
        TransferProgress transfer = view(
                events.snapshotTaken(STOCKHOLM, 1, at(0), FALKENBERG),
                events.chunkShipped(FALKENBERG, 1, 4, 5000, 10_000, at(20)),
                events.chunkShipped(FALKENBERG, 1, 7, 8000, 10_000, at(30)),
                events.chunkShipped(FALKENBERG, 1, 0, 1000, 10_000, at(10)))
                .replicas().get(FALKENBERG).transfer();

        assertThat(transfer).isEqualTo(new TransferProgress(1, 8000, 10_000, 350L, 6L, at(10), at(30)));
    }

    @Test
    void shouldLeaveTheRateUnknownWhileNoBytesWereReportedAfterTheFirstChunk() {
        TransferProgress transfer = view(
                events.snapshotTaken(STOCKHOLM, 1, at(0), FALKENBERG),
                events.chunkShipped(FALKENBERG, 1, 0, 0, 10_000, at(10)),
                events.chunkShipped(FALKENBERG, 1, 1, 0, 10_000, at(12)))
                .replicas().get(FALKENBERG).transfer();

        assertThat(transfer.bytesPerSecond()).isZero();
        assertThat(transfer.secondsToGo()).isNull();
    }

    @Test
    void shouldFoldAtMostOneChunkASecondExceptTheLast() {
        VolumeAggregate first = fold(
                events.snapshotTaken(STOCKHOLM, 1, at(0), FALKENBERG),
                events.chunkShipped(FALKENBERG, 1, 0, 1000, 10_000, at(10)));
        VolumeAggregate soon = ReplicaStateFold.apply(first,
                events.chunkShipped(FALKENBERG, 1, 1, 2000, 10_000, at(10).plusMillis(400)));
        VolumeAggregate aSecondLater = ReplicaStateFold.apply(soon,
                events.chunkShipped(FALKENBERG, 1, 2, 3000, 10_000, at(11)));
        VolumeAggregate last = ReplicaStateFold.apply(aSecondLater,
                events.chunkShipped(FALKENBERG, 1, 9, 10_000, 10_000, at(11).plusMillis(10)));

        assertThat(soon).as("400 ms after the last folded").isSameAs(first);
        assertThat(ReplicaStateFold.view(aSecondLater).replicas().get(FALKENBERG).transfer().bytesDone())
                .isEqualTo(3000);
        assertThat(ReplicaStateFold.view(last).replicas().get(FALKENBERG).transfer().bytesDone())
                .as("the last chunk, 10 ms later").isEqualTo(10_000);
    }

    @Test
    void shouldIgnoreAChunkReportingMoreBytesDoneThanItsTotal() {
        VolumeAggregate taken = fold(events.snapshotTaken(STOCKHOLM, 1, at(0), FALKENBERG));

        assertThat(ReplicaStateFold.apply(taken, events.chunkShipped(FALKENBERG, 1, 0, 20_000, 10_000, at(10))))
                .isSameAs(taken);
    }

    @Test
    void shouldKeepTheTransferThroughAFreezeAndAnApplyOfAnOlderSnapshot() {
        ReplicaStatus falkenberg = view(
                events.snapshotTaken(STOCKHOLM, 1, at(0), FALKENBERG),
                events.snapshotTaken(STOCKHOLM, 2, at(60), FALKENBERG),
                events.chunkShipped(FALKENBERG, 2, 0, 1000, 10_000, at(61)),
                events.replicaApplied(FALKENBERG, STOCKHOLM, 1, at(0), at(62)),
                events.volumeFrozen(FALKENBERG, true, at(63)))
                .replicas().get(FALKENBERG);

        assertThat(falkenberg.state()).isEqualTo(ReplicaHealth.FROZEN);
        assertThat(falkenberg.transfer().snapshot()).isEqualTo(2);
    }

    private VolumeAggregate fold(Event... sequence) {
        VolumeAggregate volume = VolumeAggregate.empty(events.volumeId());
        for (Event event : sequence) {
            volume = ReplicaStateFold.apply(volume, event);
        }
        return volume;
    }

    private ReplicaState view(Event... sequence) {
        return ReplicaStateFold.view(fold(sequence));
    }

    private static ReplicaHealth health(VolumeAggregate volume, String site) {
        return ReplicaStateFold.view(volume).replicas().get(site).state();
    }
}
