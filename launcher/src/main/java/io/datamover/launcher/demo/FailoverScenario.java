package io.datamover.launcher.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.Verification;
import io.datamover.events.DecisionType;
import io.datamover.events.PlacementDecision;
import io.datamover.launcher.ByteSize;
import io.datamover.launcher.Http;
import io.datamover.launcher.cluster.LocalCluster;
import io.datamover.launcher.cluster.ReplicationFeed;
import io.datamover.launcher.demo.DemoReport.FailoverReport;
import io.datamover.launcher.demo.DemoReport.ResyncReport;
import io.datamover.launcher.demo.SwitchoverScenario.Events;
import io.datamover.launcher.demo.SwitchoverScenario.Replicated;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The failover story: the switchover scenario's group, replicated from stockholm to falkenberg while an application
 * writes to it; then stockholm loses power, every process of it killed at once. Placement at falkenberg promotes the
 * last snapshots both sites hold and the application goes on writing there; what stockholm wrote after them is lost
 * (the data-loss window the failover states). Stockholm comes back: it rejoins as a replica at those common snapshots
 * and falkenberg ships it only the blocks that differ, never a full copy. Both copies are then checked bit for bit at
 * a last group snapshot of falkenberg, and so is the application's last write to each volume.
 */
final class FailoverScenario {

    private static final String SOURCE = DemoRun.SOURCE;
    private static final String TARGET = DemoRun.TARGET;
    private static final String GROUP = SwitchoverScenario.GROUP;
    /** Seconds of writes at stockholm after the last replication cycle the demo waited for. */
    private static final double WRITES_BEFORE_POWER_CUT_SECONDS = 2;
    private static final Duration AFTER_FAILOVER = Duration.ofSeconds(5);
    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration RESYNC_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration APPLY_TIMEOUT = Duration.ofSeconds(120);

    private final DemoSettings settings;
    private final PrintStream out;
    private final SwitchoverScenario setup;
    private final DemoRun steps;
    private final List<String> volumeIds;

    FailoverScenario(DemoSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
        this.setup = new SwitchoverScenario(settings, out);
        this.steps = setup.steps();
        this.volumeIds = setup.volumeIds();
    }

    DemoReport run(LocalCluster cluster) throws Exception {
        return setup.run(cluster, group -> failOver(cluster, group));
    }

    private DemoReport failOver(LocalCluster cluster, Replicated group) {
        AppliedDeltas appliedAtSource = new AppliedDeltas(volumeIds);
        Workload workload = new Workload(group.stores(), SOURCE, volumeIds, setup.volumeBytes(),
                settings.writesPerSecond(), settings.seed() + 7);
        try (ReplicationFeed feed = new ReplicationFeed(cluster.bootstrapServers(), "datamover-demo-failover", SOURCE,
                appliedAtSource)) {
            FailoverReport failover;
            ResyncReport resync;
            try {
                writeAtSource(group, workload);
                failover = powerCut(cluster, group.events(), workload);
                resync = powerBack(cluster, group.events(), appliedAtSource, feed);
            } finally {
                workload.close();
            }
            out.printf("== Workload stopped after %d writes; a last group snapshot of %s at %s%n", workload.writes(),
                    GROUP, TARGET);
            Map<String, Long> last = lastSnapshot(cluster);
            steps.await(() -> {
                feed.requireRunning();
                return last.entrySet().stream().allMatch(e -> appliedAtSource.hasApplied(e.getKey(), e.getValue()));
            }, APPLY_TIMEOUT, () -> SOURCE + " to apply the last group snapshot " + last + " (applied so far: "
                    + appliedAtSource.applied() + ")");
            return verify(group, workload, last, failover, resync);
        }
    }

    /** The application writes at stockholm through a few cycles, and a little longer. */
    private void writeAtSource(Replicated group, Workload workload) {
        out.printf("== Workload: %.0f random writes/s over the group at its primary; %d replication cycles%n",
                settings.writesPerSecond(), settings.cycles());
        workload.start();
        for (CycleTracker tracker : group.trackers()) {
            long first = tracker.cycles().get(0).snapshot();
            steps.awaitCycle(tracker, c -> c.snapshot() >= first + settings.cycles(),
                    settings.cycles() + " replication cycles while the workload writes");
        }
        long before = workload.writes();
        long more = Math.max(3, Math.round(settings.writesPerSecond() * WRITES_BEFORE_POWER_CUT_SECONDS));
        steps.await(() -> workload.writes() >= before + more, more + " more writes at " + SOURCE);
    }

    /** Kills every process of stockholm and waits for falkenberg to be promoted and to take the writes. */
    private FailoverReport powerCut(LocalCluster cluster, Events events, Workload workload) {
        out.printf("== Power cut at %s: every process of the site killed (%d writes so far)%n", SOURCE,
                workload.writes());
        Instant cut = Instant.now();
        cluster.kill(SOURCE);
        steps.await(() -> events.step(DecisionType.FAILOVER, "promoted") != null, FAILOVER_TIMEOUT,
                () -> "the failover of " + GROUP + " to " + TARGET + " to reach promoted; the last step seen: "
                        + events.lastStep());
        PlacementDecision promoted = events.step(DecisionType.FAILOVER, "promoted");
        long failoverMillis = Duration.between(cut, promoted.timestamp()).toMillis();
        out.printf("   %s promoted %.1f s after the power cut, at %s%n", TARGET, failoverMillis / 1000.0,
                promoted.snapshots());
        long writesBefore = workload.writes();
        Instant until = Instant.now().plus(AFTER_FAILOVER);
        steps.await(() -> Instant.now().isAfter(until) && workload.site().equals(TARGET)
                && workload.writes() > writesBefore, "the workload to write at " + TARGET);
        out.printf("   the workload writes at %s: %d writes since the promotion, longest pause %d ms%n", TARGET,
                workload.writes() - writesBefore, workload.longestPause().toMillis());
        return new FailoverReport(events.trigger(promoted.decisionId()), promoted.decisionId(), failoverMillis,
                new TreeMap<>(promoted.snapshots()), null);
    }

    /** Starts stockholm again and waits for its resync, while the application goes on writing at falkenberg. */
    private ResyncReport powerBack(LocalCluster cluster, Events events, AppliedDeltas appliedAtSource,
            ReplicationFeed feed) {
        out.printf("== Power back at %s: its processes start again%n", SOURCE);
        Instant back = Instant.now();
        cluster.restart(SOURCE);
        out.printf("   %s's processes ready after %.1f s%n", SOURCE,
                Duration.between(back, Instant.now()).toMillis() / 1000.0);
        steps.await(() -> events.step(DecisionType.RESYNC, "resynced") != null, RESYNC_TIMEOUT,
                () -> "the resync of " + SOURCE + " to reach resynced; the last step seen: " + events.lastStep());
        PlacementDecision rejoin = events.step(DecisionType.RESYNC, "rejoin");
        PlacementDecision resynced = events.step(DecisionType.RESYNC, "resynced");
        SortedMap<String, Long> common = named(rejoin, "rejoin");
        SortedMap<String, Long> held = named(resynced, "resynced");
        long divergedBytes = diverged(cluster, common, held);
        steps.await(() -> {
            feed.requireRunning();
            return held.entrySet().stream().allMatch(e -> appliedAtSource.hasApplied(e.getKey(), e.getValue()));
        }, APPLY_TIMEOUT, () -> "the replica-applied events of " + held + " at " + SOURCE + " (seen: "
                + appliedAtSource.applied() + ")");
        long shippedBytes = volumeIds.stream()
                .mapToLong(v -> appliedAtSource.shippedAfter(v, common.get(v), held.get(v))).sum();
        long groupBytes = setup.volumeBytes() * volumeIds.size();
        long resyncMillis = Duration.between(back, resynced.timestamp()).toMillis();
        out.printf("   resynced %.1f s after the power came back%n", resyncMillis / 1000.0);
        out.printf("   resync shipped %s of %s diverged (%.1f%% of the %s group)%n", ByteSize.format(shippedBytes),
                ByteSize.format(divergedBytes), 100.0 * shippedBytes / groupBytes, ByteSize.format(groupBytes));
        return new ResyncReport(resynced.decisionId(), resyncMillis, common, held, shippedBytes, divergedBytes,
                groupBytes);
    }

    /** The snapshot of every volume the step names; a step that leaves one out breaks the protocol. */
    private SortedMap<String, Long> named(PlacementDecision step, String name) {
        if (step == null || !step.snapshots().keySet().containsAll(volumeIds)) {
            throw new IllegalStateException("the resync's " + name + " step names no snapshot of every volume of "
                    + GROUP + ": " + (step == null ? "no such step was seen" : step.snapshots()));
        }
        return new TreeMap<>(step.snapshots());
    }

    /** The bytes of the blocks changed at stockholm from the common to the resynced snapshot: both sides' writes. */
    private long diverged(LocalCluster cluster, Map<String, Long> common, Map<String, Long> held) {
        long total = 0;
        for (String volumeId : volumeIds) {
            JsonNode changes = Http.get(cluster.site(SOURCE).store().resolve("/volumes/" + volumeId + "/snapshots/"
                    + held.get(volumeId) + "/changes?base=" + common.get(volumeId)));
            long changed = changes.path("changedBytes").asLong();
            out.printf("   %-14s diverged from snapshot %d to %d: %s (%s)%n", volumeId, common.get(volumeId),
                    held.get(volumeId), ByteSize.format(changed), changes.path("changeMethod").asText());
            total += changed;
        }
        return total;
    }

    /** Takes a group snapshot at falkenberg now: the snapshot of each volume. */
    private Map<String, Long> lastSnapshot(LocalCluster cluster) {
        JsonNode taken = Http.post(cluster.site(TARGET).snapshot().resolve("/groups/" + GROUP + "/snapshots"),
                Map.of());
        Map<String, Long> snapshots = new TreeMap<>();
        taken.path("volumes").forEach(v -> snapshots.put(v.path("volumeId").asText(), v.path("snapshot").asLong()));
        if (!snapshots.keySet().containsAll(volumeIds)) {
            throw new IllegalStateException("the group snapshot of " + GROUP + " at " + TARGET + " left out a volume: "
                    + taken);
        }
        return snapshots;
    }

    private DemoReport verify(Replicated group, Workload workload, Map<String, Long> last, FailoverReport failover,
            ResyncReport resync) {
        BlockStoreClient primary = group.stores().get(TARGET);
        BlockStoreClient replica = group.stores().get(SOURCE);
        out.printf("== Verifying: %s (primary) against %s (resynced replica) at the last group snapshot%n", TARGET,
                SOURCE);
        boolean verified = true;
        List<String> primaryDigests = new ArrayList<>();
        List<String> replicaDigests = new ArrayList<>();
        for (String volumeId : volumeIds) {
            long snapshot = last.get(volumeId);
            Verification atPrimary = primary.verify(volumeId, snapshot);
            Verification atReplica = replica.verify(volumeId, snapshot);
            boolean same = atPrimary.intact() && atReplica.intact() && atPrimary.digest().equals(atReplica.digest());
            out.printf("   %-14s snapshot %d  %s sha256 %s  %s sha256 %s  %s%n", volumeId, snapshot, TARGET,
                    atPrimary.digest(), SOURCE, atReplica.digest(), same ? "EQUAL" : "DIFFERENT");
            verified &= same;
            verified &= holdsLastWrite(workload.lastWrites().get(volumeId), snapshot, primary, replica);
            primaryDigests.add(atPrimary.digest());
            replicaDigests.add(atReplica.digest());
        }
        out.println(verified ? "   VERIFIED: both copies equal bit for bit and hold the application's last writes"
                : "   FAILED: the copies differ or lost an acknowledged write");
        long lastSnapshot = last.get(volumeIds.get(volumeIds.size() - 1));
        return new DemoReport(resync.volumeBytes(), settings.blockSize(), group.initialBytes(), group.initialMillis(),
                List.of(), lastSnapshot, verified, String.join(",", primaryDigests), String.join(",", replicaDigests), null,
                failover.verifiedAt(last), resync);
    }

    /** Whether the last write acknowledged to the volume was made at falkenberg and both copies hold it. */
    private boolean holdsLastWrite(Workload.Write write, long snapshot, BlockStoreClient primary,
            BlockStoreClient replica) {
        if (write == null || !write.site().equals(TARGET)) {
            out.printf("   the application's last write was not acknowledged at %s: %s%n", TARGET,
                    write == null ? "none" : "at " + write.site());
            return false;
        }
        boolean held = Arrays.equals(write.data(), primary.readSnapshot(write.volumeId(), snapshot, write.offset(),
                write.data().length))
                && Arrays.equals(write.data(), replica.readSnapshot(write.volumeId(), snapshot, write.offset(),
                        write.data().length));
        out.printf("   %-14s the last write (%s at offset %d) is in snapshot %d at both sites: %s%n", write.volumeId(),
                ByteSize.format(write.data().length), write.offset(), snapshot, held ? "yes" : "NO");
        return held;
    }
}
