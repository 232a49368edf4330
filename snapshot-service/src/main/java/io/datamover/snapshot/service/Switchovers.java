package io.datamover.snapshot.service;

import io.datamover.blockstore.api.BlockStoreException;
import io.datamover.blockstore.api.RejoinResult;
import io.datamover.blockstore.api.VolumeInfo;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.events.EventPublisher;
import io.datamover.events.PlacementDecision;
import io.datamover.events.VolumeFrozen;
import io.datamover.service.retry.Backoff;
import io.datamover.snapshot.config.SnapshotConfig;
import io.datamover.snapshot.domain.Group;
import io.datamover.snapshot.domain.GroupSnapshot;
import io.datamover.snapshot.domain.ProtectionException;
import io.datamover.snapshot.domain.ProtectionException.Reason;
import io.datamover.snapshot.domain.ReplicationProgress;
import io.datamover.snapshot.domain.SwitchoverAction;
import io.datamover.snapshot.domain.Takeover;
import io.datamover.snapshot.storage.SnapshotStorage;
import jakarta.inject.Singleton;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;

/**
 * This site's part in placement's switchovers: the source takes a catch-up snapshot and waits for the target to apply
 * it, then freezes the group and takes its final snapshot, the target
 * promotes the volumes on commit and the source steps down, or the source thaws on abort; each step ends with a
 * {@code volume-frozen} per volume for the decision, which the coordinator waits for. In failovers and resyncs: the
 * target promotes; the lost source fences its volumes when it hears of it, and rejoins them as replicas at the
 * common snapshots when placement asks; the new primary then snapshots the group so the resync ships at once. A step may come more than once
 * and is carried out again each time: the store takes a repeated freeze as another snapshot and a repeated promote,
 * demote or thaw as a no-op, and the events go out again. A step that fails for a reason that may pass (the store or
 * the broker does not answer) is tried again with backoff, then given up with an error: the coordinator aborts on its
 * deadline.
 */
@Singleton
public class Switchovers {

    private static final Logger LOG = Logger.getLogger(Switchovers.class);
    private static final long CATCH_UP_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final String site;
    private final SnapshotStorage store;
    private final EventPublisher publisher;
    private final Groups groups;
    private final Protections protections;
    private final GroupCycle groupCycle;
    private final VolumeSnapshots volumes;
    private final ReplicationProgress progress;
    private final CycleLocks locks;
    private final Backoff backoff;
    private final Takeover takeover;
    private final Duration catchUpTimeout;

    public Switchovers(SnapshotConfig config, SnapshotStorage store, EventPublisher publisher, Groups groups,
            Protections protections, GroupCycle groupCycle, VolumeSnapshots volumes, ReplicationProgress progress,
            CycleLocks locks) {
        this.site = config.site();
        this.store = store;
        this.publisher = publisher;
        this.groups = groups;
        this.protections = protections;
        this.groupCycle = groupCycle;
        this.volumes = volumes;
        this.progress = progress;
        this.locks = locks;
        SnapshotConfig.Snapshot snapshot = config.snapshot();
        this.backoff = new Backoff(snapshot.decisionAttempts(), snapshot.decisionRetryBackoff());
        this.takeover = new Takeover(snapshot.takeoverInterval().toSeconds(), snapshot.takeoverRetain());
        this.catchUpTimeout = snapshot.catchUpTimeout();
    }

    /** Carries out what the decision's step asks of this site, if anything; returns once done or given up. */
    public void carryOut(PlacementDecision decision) {
        SwitchoverAction action = SwitchoverAction.of(decision, site);
        if (action == SwitchoverAction.NONE) {
            LOG.debugf("decision %s (%s, step %s) of group %s from %s to %s asks nothing of site %s",
                    decision.decisionId(), decision.type().code(), decision.step(), decision.groupId(),
                    decision.fromSite(), decision.site(), site);
            return;
        }
        String subject = action.name().toLowerCase(Locale.ROOT) + " of group " + decision.groupId()
                + " (volumes " + decision.volumeIds() + ") at site " + site + " for decision "
                + decision.decisionId() + " (" + decision.type().code() + " from " + decision.fromSite() + " to "
                + decision.site() + ")";
        LOG.infof("%s: starting", subject);
        for (int attempt = 1;; attempt++) {
            try {
                synchronized (locks.of(decision.groupId())) {
                    run(action, decision);
                }
                return;
            } catch (RuntimeException e) {
                if (!mayPass(e) || !backoff.triesAgainAfter(attempt)) {
                    LOG.errorf(e, "%s: gave up after %d tries: %s", subject, attempt, e.getMessage());
                    return;
                }
                Duration wait = backoff.waitAfter(attempt);
                LOG.warnf("%s: try %d of %d failed, trying again in %d ms: %s", subject, attempt,
                        backoff.attempts(), wait.toMillis(), e.getMessage());
                if (!pause(wait)) {
                    LOG.errorf("%s: interrupted while waiting to try again; given up", subject);
                    return;
                }
            }
        }
    }

    private void run(SwitchoverAction action, PlacementDecision decision) {
        switch (action) {
            case FREEZE -> freeze(decision);
            case PROMOTE -> promote(decision);
            case DEMOTE -> demote(decision);
            case THAW -> thaw(decision);
            case FENCE -> fence(decision);
            case REJOIN -> rejoin(decision);
            case RESYNC -> resync(decision);
            case NONE -> {
            }
        }
    }

    private void freeze(PlacementDecision decision) {
        Group group = definitionAtSource(decision).forFinalSnapshot(decision);
        catchUp(group, decision);
        String reason = "final snapshot of switchover " + decision.decisionId() + " to " + decision.site();
        GroupSnapshot snapshot = groupCycle.freezeAndTake(group, decision.decisionId(), reason);
        for (GroupSnapshot.Member member : snapshot.volumes()) {
            publisher.publish(VolumeFrozen.forDecision(decision.decisionId(), site, member.volumeId(), true, reason,
                    member.snapshot()));
        }
        LOG.infof("froze group %s at site %s for decision %s: snapshots %s of volumes %s, %s consistent, for %s",
                group.groupId(), site, decision.decisionId(),
                snapshot.volumes().stream().map(GroupSnapshot.Member::snapshot).toList(), group.volumeIds(),
                snapshot.consistency().code(), group.targetSites());
    }

    /**
     * Takes a catch-up snapshot of the group, still writable, and waits until the decision's target has applied it
     * (or the catch-up timeout passed): the final snapshot's delta is then only what was written meanwhile.
     */
    private void catchUp(Group group, PlacementDecision decision) {
        if (catchUpTimeout.isZero()) {
            return;
        }
        long start = System.nanoTime();
        GroupSnapshot snapshot = groupCycle.catchUp(group);
        long deadline = start + catchUpTimeout.toNanos();
        while (!appliedAtTarget(snapshot, decision.site())) {
            if (System.nanoTime() > deadline) {
                LOG.warnf("decision %s: %s has not applied the catch-up snapshot of group %s within %d s; freezing"
                        + " the group anyway", decision.decisionId(), decision.site(), group.groupId(),
                        catchUpTimeout.toSeconds());
                return;
            }
            LockSupport.parkNanos(CATCH_UP_POLL_NANOS);
        }
        LOG.infof("decision %s: %s applied the catch-up snapshots %s of group %s in %d ms", decision.decisionId(),
                decision.site(), snapshot.volumes().stream().map(GroupSnapshot.Member::snapshot).toList(),
                group.groupId(), (System.nanoTime() - start) / 1_000_000);
    }

    private boolean appliedAtTarget(GroupSnapshot snapshot, String target) {
        return snapshot.volumes().stream().allMatch(member -> progress.applied(member.volumeId())
                .getOrDefault(target, 0L) >= member.snapshot());
    }

    /** The group as this site defines it, the volume protected alone, or else the takeover's group. */
    private Group definitionAtSource(PlacementDecision decision) {
        return groups.find(decision.groupId())
                .or(() -> protections.find(decision.groupId())
                        .filter(protection -> Takeover.isSingleVolume(decision))
                        .map(Group::alone))
                .orElseGet(() -> {
                    Group undefined = takeover.group(decision, decision.site());
                    LOG.warnf("group %s has no definition at site %s: the final snapshot for decision %s keeps %d"
                            + " snapshots per volume", decision.groupId(), site, decision.decisionId(),
                            undefined.retain());
                    return undefined;
                });
    }

    /** Each volume's thaw names the snapshot it became the primary at: the one a resync of the old primary starts from. */
    private void promote(PlacementDecision decision) {
        Map<String, Long> promotedAt = new HashMap<>();
        for (String volumeId : decision.volumeIds()) {
            VolumeInfo volume = store.promote(volumeId);
            promotedAt.put(volumeId, volume.latestSnapshot());
            volumes.forget(volumeId);
            if (volume.latestSnapshot() != null) {
                progress.holds(volumeId, decision.fromSite(), volume.latestSnapshot());
            }
            LOG.infof("volume %s of group %s at site %s is the primary at snapshot %s for decision %s", volumeId,
                    decision.groupId(), site, volume.latestSnapshot(), decision.decisionId());
        }
        protectHere(decision);
        for (String volumeId : decision.volumeIds()) {
            publisher.publish(VolumeFrozen.forDecision(decision.decisionId(), site, volumeId, false,
                    "promoted to primary by " + decision.decisionId(), promotedAt.get(volumeId)));
        }
    }

    /** From now on this site protects the group towards the old primary: as it defines it, else as the takeover. */
    private void protectHere(PlacementDecision decision) {
        try {
            boolean defined = Takeover.isSingleVolume(decision)
                    ? groups.protectAloneIfAbsent(takeover.protection(decision, decision.fromSite()))
                    : groups.putIfAbsent(takeover.group(decision, decision.fromSite()));
            if (defined) {
                LOG.infof("site %s protects group %s (volumes %s) for decision %s as it had no definition of it: every"
                        + " %ds, retain %d, to %s", site, decision.groupId(), decision.volumeIds(),
                        decision.decisionId(), takeover.intervalSeconds(), takeover.retain(), decision.fromSite());
            } else {
                LOG.infof("group %s at site %s runs as defined here from now on (decision %s)", decision.groupId(),
                        site, decision.decisionId());
            }
        } catch (ProtectionException e) {
            LOG.warnf("site %s defines no protection of group %s for decision %s: %s", site, decision.groupId(),
                    decision.decisionId(), e.getMessage());
        }
    }

    private void demote(PlacementDecision decision) {
        for (String volumeId : decision.volumeIds()) {
            VolumeInfo volume = store.demote(volumeId);
            volumes.forget(volumeId);
            LOG.infof("volume %s of group %s at site %s is a replica of site %s at snapshot %s for decision %s",
                    volumeId, decision.groupId(), site, decision.site(), volume.consistentSnapshot(),
                    decision.decisionId());
        }
        publishThaws(decision, "stepped down to replica of " + decision.site());
    }

    private void thaw(PlacementDecision decision) {
        for (String volumeId : decision.volumeIds()) {
            store.thaw(volumeId);
            LOG.infof("volume %s of group %s at site %s thawed, still the primary, for decision %s: %s", volumeId,
                    decision.groupId(), site, decision.decisionId(), decision.cause());
        }
        publishThaws(decision, "switchover aborted: " + decision.cause());
    }

    /**
     * The failover's lost source heard of it: every volume still a writable primary here is frozen, so that neither a
     * workload nor the schedule adds to a history the new primary does not share. The resync's rejoin thaws them as
     * replicas.
     */
    private void fence(PlacementDecision decision) {
        String reason = "failed over to " + decision.site() + " by " + decision.decisionId()
                + ": fenced until it rejoins as a replica";
        for (String volumeId : decision.volumeIds()) {
            Optional<VolumeInfo> volume = store.findVolume(volumeId);
            if (volume.isEmpty() || volume.get().role() != VolumeRole.PRIMARY || volume.get().frozen()) {
                LOG.infof("volume %s of group %s at site %s needs no fence for decision %s: %s", volumeId,
                        decision.groupId(), site, decision.decisionId(), volume.map(Switchovers::describe)
                                .orElse("not here"));
                continue;
            }
            store.freeze(volumeId, reason);
            publisher.publish(VolumeFrozen.forDecision(decision.decisionId(), site, volumeId, true, reason, null));
            LOG.warnf("volume %s of group %s at site %s fenced: %s", volumeId, decision.groupId(), site, reason);
        }
    }

    /**
     * Each volume becomes a replica of the new primary at the common snapshot the decision names: the store discards
     * the snapshots taken here after it and writes back, from it, every block written here since. The thaw for the
     * decision says it rejoined, and what was discarded.
     */
    private void rejoin(PlacementDecision decision) {
        for (String volumeId : decision.volumeIds()) {
            Long common = decision.snapshotOf(volumeId);
            if (common == null) {
                throw new IllegalArgumentException("decision " + decision.decisionId()
                        + " names no common snapshot for volume " + volumeId + ": it cannot rejoin");
            }
            RejoinResult result = store.rejoin(volumeId, common);
            volumes.forget(volumeId);
            String reason = store.backend() == SnapshotConfig.Storage.CSI
                    ? "rejoined as a replica of " + decision.fromSite() + ": the claim keeps what was written here"
                            + " since snapshot " + common + ", and the replica is copied in full"
                    : "rejoined as a replica of " + decision.fromSite() + " at snapshot " + common + ": "
                            + result.divergedBytes() + " bytes written here since were discarded (found by "
                            + result.changeMethod() + ")" + (result.discardedSnapshots().isEmpty() ? ""
                                    : ", with snapshots " + result.discardedSnapshots());
            LOG.infof("volume %s of group %s at site %s %s, for decision %s", volumeId, decision.groupId(), site,
                    reason, decision.decisionId());
            publisher.publish(VolumeFrozen.forDecision(decision.decisionId(), site, volumeId, false, reason,
                    common));
        }
    }

    /** Every volume rejoined at the returning site: a group snapshot now, whose delta from the common one ships. */
    private void resync(PlacementDecision decision) {
        GroupSnapshot snapshot = groupCycle.catchUp(definitionAtSource(decision));
        LOG.infof("site %s took snapshots %s of group %s for decision %s: their deltas from the common snapshots %s"
                + " resync %s", site, snapshot.volumes().stream().map(GroupSnapshot.Member::snapshot).toList(),
                decision.groupId(), decision.decisionId(), decision.snapshots(), decision.site());
    }

    private static String describe(VolumeInfo volume) {
        return volume.role() == VolumeRole.REPLICA ? "a replica"
                : "frozen (" + volume.frozenReason() + ")";
    }

    private void publishThaws(PlacementDecision decision, String reason) {
        for (String volumeId : decision.volumeIds()) {
            publisher.publish(VolumeFrozen.forDecision(decision.decisionId(), site, volumeId, false, reason, null));
        }
    }

    /** Whether trying again may help: the store or the broker did not answer, or the progress is still read. */
    private static boolean mayPass(RuntimeException e) {
        if (e instanceof BlockStoreException failure) {
            return failure.status() == BlockStoreException.UNREACHABLE || failure.status() >= 500;
        }
        if (e instanceof ProtectionException refusal) {
            return refusal.reason() == Reason.STORE_UNAVAILABLE || refusal.reason() == Reason.NOT_READY;
        }
        return e instanceof IllegalStateException || e instanceof UncheckedIOException;
    }

    /** @return false when interrupted */
    private static boolean pause(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
