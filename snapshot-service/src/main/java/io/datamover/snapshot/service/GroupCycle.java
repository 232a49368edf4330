package io.datamover.snapshot.service;

import io.datamover.blockstore.api.BlockStoreException;
import io.datamover.blockstore.api.SnapshotInfo;
import io.datamover.blockstore.api.VolumeInfo;
import io.datamover.events.Consistency;
import io.datamover.events.SnapshotTaken;
import io.datamover.snapshot.config.SnapshotConfig;
import io.datamover.snapshot.domain.Group;
import io.datamover.snapshot.domain.GroupSnapshot;
import io.datamover.snapshot.domain.GroupState;
import io.datamover.snapshot.domain.HookFailure;
import io.datamover.snapshot.domain.ProtectionException;
import io.datamover.snapshot.domain.ProtectionException.Reason;
import io.datamover.snapshot.kafka.ProgressRebuild;
import io.datamover.snapshot.storage.SnapshotStorage;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * One snapshot of a volume group: run the pre hook (a local command, or one the kube-controller runs in a pod of
 * the application: {@link RemoteHookRunner}), take one atomic snapshot of all its volumes in
 * the store, run the post hook, then publish a {@code snapshot-taken} per volume (base chosen and
 * retention applied per volume, as for a volume alone). A failing pre hook means no snapshot. The
 * post hook undoes what the pre hook did, so it runs after every attempt that got as far as the pre
 * hook, whether that failed or the snapshot did. Snapshots of one group are taken one at a time.
 */
@Singleton
public class GroupCycle {

    private static final Logger LOG = Logger.getLogger(GroupCycle.class);
    private static final String PRE_HOOK = "preHook";
    private static final String POST_HOOK = "postHook";

    private final String site;
    private final Groups groups;
    private final SnapshotStorage store;
    private final VolumeSnapshots volumes;
    private final HookRunner hooks;
    private final RemoteHookRunner remoteHooks;
    private final ProgressRebuild progressRebuild;
    private final CycleLocks locks;
    private final ConcurrentMap<String, GroupState> states = new ConcurrentHashMap<>();

    /** An attempt's group snapshot, or why the pre hook kept it from being taken. */
    private record Attempt(GroupSnapshot snapshot, HookFailure preHookFailure) {
    }

    public GroupCycle(SnapshotConfig config, Groups groups, SnapshotStorage store, VolumeSnapshots volumes,
            HookRunner hooks, RemoteHookRunner remoteHooks, ProgressRebuild progressRebuild, CycleLocks locks) {
        this.site = config.site();
        this.groups = groups;
        this.store = store;
        this.volumes = volumes;
        this.hooks = hooks;
        this.remoteHooks = remoteHooks;
        this.progressRebuild = progressRebuild;
        this.locks = locks;
    }

    /**
     * Takes the group's next snapshot if it is due at {@code now}; empty when not due, its pre hook failed, or some
     * volume is no writable primary here.
     */
    public Optional<GroupSnapshot> runIfDue(Group group, Instant now) {
        synchronized (locks.of(group.groupId())) {
            if (!volumes.areSchedulable(group.volumeIds(), "group " + group.groupId())
                    || !volumes.isDue(group, state(group.groupId()).failedAttemptAt(), now)) {
                return Optional.empty();
            }
            return Optional.ofNullable(attempt(group, now).snapshot());
        }
    }

    /**
     * Takes a snapshot of the group now, whatever its schedule says: on an operator's request, or
     * as the final snapshot of a switchover.
     *
     * @throws ProtectionException NOT_FOUND for an unknown group or volume, NOT_READY while the
     *     replication progress is read, HOOK_FAILED naming {@code preHook}, NOT_PRIMARY, CONFLICT or
     *     STORE_UNAVAILABLE when the store refuses or fails
     */
    public GroupSnapshot takeNow(String groupId) {
        Group group = groups.find(groupId).orElseThrow(() -> new ProtectionException(Reason.NOT_FOUND, "groupId",
                "group '" + groupId + "' does not exist at site " + site));
        progressRebuild.requireComplete();
        synchronized (locks.of(groupId)) {
            try {
                Attempt attempt = attempt(group, Instant.now());
                if (attempt.snapshot() == null) {
                    throw new ProtectionException(Reason.HOOK_FAILED, PRE_HOOK, "no snapshot of group '" + groupId
                            + "' at site " + site + ": the preHook " + attempt.preHookFailure().message());
                }
                return attempt.snapshot();
            } catch (BlockStoreException e) {
                throw StoreFailures.of(site, "volumeIds", "group '" + groupId + "'", e);
            }
        }
    }

    /**
     * The final snapshot of a switchover from this site: freezes the group's volumes and snapshots them in one step
     * of the store, between the hooks, and publishes a {@code snapshot-taken} per volume for {@code decisionId}. A
     * failing pre hook takes nothing away but the application consistency: the switchover goes on.
     *
     * @param freezeReason why the volumes are frozen, as the store keeps it
     * @throws ProtectionException NOT_READY while the replication progress is read, NOT_FOUND or NOT_PRIMARY for a
     *     volume that is no primary here
     * @throws BlockStoreException when the store refuses or fails
     */
    public GroupSnapshot freezeAndTake(Group group, String decisionId, String freezeReason) {
        progressRebuild.requireComplete();
        synchronized (locks.of(group.groupId())) {
            return take(group, decisionId, freezeReason).snapshot();
        }
    }

    /**
     * A switchover's catch-up snapshot: the group snapshotted without freezing it and without hooks, published as a
     * scheduled one is, so that the final snapshot that follows has a small delta.
     */
    public GroupSnapshot catchUp(Group group) {
        progressRebuild.requireComplete();
        synchronized (locks.of(group.groupId())) {
            return take(group.withoutHooks(), null, null).snapshot();
        }
    }

    /** What is known of the group's snapshots and hooks since this service started. */
    public GroupState state(String groupId) {
        return states.getOrDefault(groupId, GroupState.NONE);
    }

    /** Forgets the group and what is known of its volumes' snapshots, e.g. when it is removed. */
    public void forget(Group group) {
        states.remove(group.groupId());
        group.volumeIds().forEach(volumes::forget);
    }

    private Attempt attempt(Group group, Instant now) {
        try {
            Attempt taken = take(group, null, null);
            if (taken.snapshot() == null) {
                update(group, state -> state.attemptFailed(now));
            }
            return taken;
        } catch (RuntimeException e) {
            if (group.hasPreHook()) {
                update(group, state -> state.attemptFailed(now));
            }
            throw e;
        }
    }

    /**
     * @param decisionId the switchover the snapshot is the final one of, null for the schedule's
     * @param freezeReason with a switchover, why its volumes are frozen in the same step
     */
    private Attempt take(Group group, String decisionId, String freezeReason) {
        List<VolumeInfo> primaries = group.volumeIds().stream().map(v -> volumes.primary(v, "volumeIds")).toList();
        Consistency consistency = Consistency.CRASH;
        List<SnapshotInfo> taken = null;
        try {
            if (group.hasPreHook()) {
                HookFailure failure = runHook(group, PRE_HOOK, decisionId == null
                        ? "; no snapshot taken, trying again in " + group.intervalSeconds() + "s"
                        : "; the final snapshot of decision " + decisionId + " is crash-consistent");
                if (failure != null && decisionId == null) {
                    return new Attempt(null, failure);
                }
                consistency = failure == null ? Consistency.APPLICATION : Consistency.CRASH;
            }
            taken = freezeReason == null ? store.createSnapshots(group.volumeIds())
                    : store.freezeAndSnapshot(group.volumeIds(), freezeReason);
        } finally {
            boolean stopped = taken != null && freezeReason != null && store.freezeStopsWorkloads();
            if (group.hasPostHook() && !stopped) {
                runHook(group, POST_HOOK, "");
            } else if (group.hasPostHook()) {
                LOG.infof("post hook of group %s at site %s not run: the freeze stopped the application's pods (%s)",
                        group.groupId(), site, store.where());
            }
        }
        GroupSnapshot snapshot = publish(group, primaries, taken, consistency, decisionId);
        update(group, state -> state.taken(snapshot));
        return new Attempt(snapshot, null);
    }

    private GroupSnapshot publish(Group group, List<VolumeInfo> primaries, List<SnapshotInfo> taken,
            Consistency consistency, String decisionId) {
        List<VolumeSnapshots.Taken> snapshots = new ArrayList<>();
        for (int i = 0; i < taken.size(); i++) {
            VolumeInfo volume = primaries.get(i);
            snapshots.add(new VolumeSnapshots.Taken(group.protectionOf(volume.id()), volume, taken.get(i)));
        }
        List<SnapshotTaken> events = volumes.publish(snapshots, group.groupId(), group.priority(), consistency,
                decisionId);
        LOG.infof("took a group snapshot of group %s at site %s (%s consistent) of %d volumes", group.groupId(), site,
                consistency.code(), events.size());
        return GroupSnapshot.of(group.groupId(), taken.get(0).createdAt(), consistency, events);
    }

    /**
     * Runs the group's {@code hook} here, or through the kube-controller when the group's hooks are remote.
     *
     * @param consequence what a failure means, for the log
     * @return null when the hook succeeded; a failure is logged and kept as the group's last hook failure
     */
    private HookFailure runHook(Group group, String hook, String consequence) {
        String subject = hook + " of group " + group.groupId() + " at site " + site;
        boolean pre = PRE_HOOK.equals(hook);
        HookRunner.Result result;
        if (group.remoteHooks() != null) {
            result = remoteHooks.run(group, pre ? "pre" : "post", pre ? group.remoteHooks().pre()
                    : group.remoteHooks().post(), subject);
        } else {
            result = hooks.run(pre ? group.preHook() : group.postHook(), Map.of(
                    "DATAMOVER_SITE", site,
                    "DATAMOVER_GROUP_ID", group.groupId(),
                    "DATAMOVER_VOLUME_IDS", String.join(",", group.volumeIds()),
                    "DATAMOVER_HOOK", hook), Duration.ofSeconds(group.hookTimeoutSeconds()), subject);
        }
        if (result.succeeded()) {
            return null;
        }
        HookFailure failure = new HookFailure(hook, Instant.now(), result.exitCode(), result.timedOut(),
                result.failure());
        update(group, state -> state.hookFailed(failure));
        LOG.warnf("%s %s%s", subject, result.failure(), consequence);
        return failure;
    }

    private void update(Group group, UnaryOperator<GroupState> change) {
        states.compute(group.groupId(), (id, state) -> change.apply(state == null ? GroupState.NONE : state));
    }
}
