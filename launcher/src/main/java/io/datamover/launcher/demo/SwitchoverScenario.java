package io.datamover.launcher.demo;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.Verification;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.events.CloudEvents;
import io.datamover.events.DecisionType;
import io.datamover.events.EventPublisher;
import io.datamover.events.PlacementDecision;
import io.datamover.events.ReplicaApplied;
import io.datamover.events.SiteMetrics;
import io.datamover.events.SnapshotTaken;
import io.datamover.events.VolumeFrozen;
import io.datamover.launcher.ByteSize;
import io.datamover.launcher.Http;
import io.datamover.launcher.cluster.LocalCluster;
import io.datamover.launcher.cluster.ReplicationFeed;
import io.datamover.launcher.cluster.SiteEndpoints;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The switchover story: a group of two volumes replicated from stockholm to falkenberg while an application writes
 * to it; then stockholm's cooling runs short. Placement freezes the group at stockholm, ships the final delta, and
 * once falkenberg has applied it for both volumes, promotes falkenberg; the application goes on writing there.
 * Falkenberg's copy is then checked bit for bit against the final snapshot stockholm took.
 */
final class SwitchoverScenario {

    static final String GROUP = "webshop";
    private static final String SOURCE = DemoRun.SOURCE;
    private static final String TARGET = DemoRun.TARGET;
    /** Heat load at stockholm during the shortage: 2 kW of cooling headroom left, the sites must keep 10. */
    private static final double SHORT_HEAT_LOAD_KW = 98;
    private static final double NORMAL_HEAT_LOAD_KW = 60;
    private static final Duration AFTER_SWITCHOVER = Duration.ofSeconds(3);

    private final DemoSettings settings;
    private final PrintStream out;
    private final DemoRun steps;
    private final List<String> volumeIds;
    private final long volumeBytes;

    SwitchoverScenario(DemoSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
        this.steps = new DemoRun(settings, out);
        this.volumeIds = List.of(GROUP + "-data", GROUP + "-wal");
        this.volumeBytes = settings.volumeBytes() / 2 / settings.blockSize() * settings.blockSize();
    }

    /** What follows once the group is replicated: the switchover itself, or another ending (a test's). */
    interface Ending {
        DemoReport after(Replicated group) throws Exception;
    }

    /**
     * The group replicated to falkenberg, the facilities reporting, the events followed.
     *
     * @param initialMillis the group's first copy: its volumes are snapshotted together and copied at once, so the
     *     longest of their first copies, from the snapshot taken to the replica consistent
     */
    record Replicated(Map<String, BlockStoreClient> stores, Events events, Facilities metrics,
            List<CycleTracker> trackers, long initialBytes, long initialMillis) {
    }

    DemoReport run(LocalCluster cluster) throws Exception {
        return run(cluster, this::switchOver);
    }

    List<String> volumeIds() {
        return volumeIds;
    }

    /** The size of each volume of the group. */
    long volumeBytes() {
        return volumeBytes;
    }

    DemoRun steps() {
        return steps;
    }

    /** Creates, fills and protects the group, waits for its first copy at falkenberg, then tells the ending. */
    DemoReport run(LocalCluster cluster, Ending ending) throws Exception {
        SiteEndpoints source = cluster.site(SOURCE);
        SiteEndpoints target = cluster.site(TARGET);
        Map<String, BlockStoreClient> stores = Map.of(SOURCE, new BlockStoreClient(source.store()),
                TARGET, new BlockStoreClient(target.store()));
        out.printf("== Creating group %s at %s: volumes %s of %s each%n", GROUP, SOURCE, volumeIds,
                ByteSize.format(volumeBytes));
        for (int i = 0; i < volumeIds.size(); i++) {
            stores.get(SOURCE).createVolume(volumeIds.get(i), volumeBytes, settings.blockSize(), VolumeRole.PRIMARY);
            steps.fill(stores.get(SOURCE), volumeIds.get(i), volumeBytes, settings.seed() + i);
        }
        Events events = new Events();
        try (EventPublisher facilities = new EventPublisher(cluster.bootstrapServers(),
                CloudEvents.source(SOURCE, "facility"));
                ReplicationFeed feed = new ReplicationFeed(cluster.bootstrapServers(), "datamover-demo-switchover",
                        TARGET, events);
                Facilities metrics = new Facilities(facilities)) {
            protect(source, target);
            List<CycleTracker> trackers = new ArrayList<>();
            for (String volumeId : volumeIds) {
                trackers.add(new CycleTracker(cluster.bootstrapServers(), volumeId, TARGET, steps::showProgress));
            }
            try {
                long shipped = 0;
                long millis = 0;
                for (CycleTracker tracker : trackers) {
                    Cycle first = steps.awaitCycle(tracker, c -> true, "the first copy to reach " + TARGET);
                    shipped += first.shippedBytes();
                    millis = Math.max(millis, first.cycleMillis());
                }
                out.printf(Locale.ROOT, "   first copy of the group at %s: %s shipped in %.1f s%n", TARGET,
                        ByteSize.format(shipped), millis / 1000.0);
                feed.requireRunning();
                return ending.after(new Replicated(stores, events, metrics, trackers, shipped, millis));
            } finally {
                trackers.forEach(CycleTracker::close);
            }
        }
    }

    private DemoReport switchOver(Replicated group) {
        Map<String, BlockStoreClient> stores = group.stores();
        Events events = group.events();
        List<CycleTracker> trackers = group.trackers();
        Workload workload = new Workload(stores, SOURCE, volumeIds, volumeBytes,
                settings.writesPerSecond(), settings.seed() + 7);
        try {
            out.printf("== Workload: %.0f random writes/s over the group at its primary; %d replication cycles%n",
                    settings.writesPerSecond(), settings.cycles());
            workload.start();
            for (CycleTracker tracker : trackers) {
                long first = tracker.cycles().get(0).snapshot();
                steps.awaitCycle(tracker, c -> c.snapshot() >= first + settings.cycles(),
                        settings.cycles() + " replication cycles while the workload writes");
            }
            out.printf("== Cooling shortage at %s: heat load %.0f kW of 100 kW capacity (the sites keep 10 kW)%n",
                    SOURCE, SHORT_HEAT_LOAD_KW);
            group.metrics().shortAt(SOURCE);
            steps.await(() -> events.finalStep() != null, "the switchover of " + GROUP + " to end");
            PlacementDecision last = events.finalStep();
            if (!last.step().equals("committed")) {
                throw new IllegalStateException("the switchover of " + GROUP + " ended with " + last.step() + ": "
                        + last.cause());
            }
            long writesBefore = workload.writes();
            Instant until = Instant.now().plus(AFTER_SWITCHOVER);
            steps.await(() -> Instant.now().isAfter(until) && workload.writes() > writesBefore,
                    "the workload to write at " + TARGET);
            out.printf("   the workload writes at %s: %d writes since the commit, longest pause %d ms%n",
                    workload.site(), workload.writes() - writesBefore, workload.longestPause().toMillis());
        } finally {
            workload.close();
        }
        return verify(stores, events, workload, group.initialBytes(), group.initialMillis());
    }

    private void protect(SiteEndpoints source, SiteEndpoints target) {
        out.printf("== Protecting group %s: a group snapshot every %d s, replicated to %s (and defined at %s for"
                + " when it takes over)%n", GROUP, settings.intervalSeconds(), TARGET, TARGET);
        Http.put(source.snapshot().resolve("/groups/" + GROUP), Map.of("volumeIds", volumeIds,
                "intervalSeconds", settings.intervalSeconds(), "retain", 4, "targetSites", List.of(TARGET)));
        Http.put(target.snapshot().resolve("/groups/" + GROUP), Map.of("volumeIds", volumeIds,
                "intervalSeconds", settings.intervalSeconds(), "retain", 4, "targetSites", List.of(SOURCE)));
    }

    private DemoReport verify(Map<String, BlockStoreClient> stores, Events events, Workload workload,
            long initialBytes, long initialMillis) {
        String decisionId = events.finalStep().decisionId();
        out.printf("== Verifying: %s took over at the final snapshot of each volume%n", TARGET);
        boolean verified = true;
        List<String> digests = new ArrayList<>();
        long lastSnapshot = 0;
        for (String volumeId : volumeIds) {
            long snapshot = events.finalSnapshots.get(volumeId);
            Verification atSource = stores.get(SOURCE).verify(volumeId, snapshot);
            Verification atTarget = stores.get(TARGET).verify(volumeId, snapshot);
            boolean same = atSource.intact() && atTarget.intact() && atSource.digest().equals(atTarget.digest());
            out.printf("   %-14s snapshot %d  %s sha256 %s  %s sha256 %s  %s%n", volumeId, snapshot, SOURCE,
                    atSource.digest(), TARGET, atTarget.digest(), same ? "EQUAL" : "DIFFERENT");
            verified &= same;
            digests.add(atTarget.digest());
            lastSnapshot = snapshot;
        }
        long downtime = events.downtime(decisionId, volumeIds).toMillis();
        long finalDelta = volumeIds.stream().mapToLong(v -> events.appliedBytes.getOrDefault(v, 0L)).sum();
        out.printf("   downtime %d ms (from the freeze at %s to %s taking writes; the workload's longest pause"
                + " between two writes was %d ms), final delta %s%n", downtime, SOURCE, TARGET,
                workload.longestPause().toMillis(), ByteSize.format(finalDelta));
        out.println(verified ? "   VERIFIED: the new primary equals the final snapshot bit for bit"
                : "   FAILED: the new primary differs from the final snapshot");
        DemoReport.SwitchoverReport switchover = new DemoReport.SwitchoverReport(events.trigger(decisionId),
                decisionId, downtime, workload.longestPause().toMillis(), finalDelta, volumeIds,
                new TreeMap<>(events.finalSnapshots));
        return new DemoReport(volumeBytes * volumeIds.size(), settings.blockSize(), initialBytes, initialMillis,
                List.of(), lastSnapshot, verified, String.join(",", digests), String.join(",", digests), switchover, null, null);
    }

    /** The facility systems of both sites: a reading of each every second, until closed. */
    static final class Facilities implements AutoCloseable {

        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        private final AtomicBoolean shortAtSource = new AtomicBoolean();

        Facilities(EventPublisher publisher) {
            timer.scheduleAtFixedRate(() -> {
                publisher.publish(SiteMetrics.of(SOURCE, 200, 100, 100,
                        shortAtSource.get() ? SHORT_HEAT_LOAD_KW : NORMAL_HEAT_LOAD_KW));
                publisher.publish(SiteMetrics.of(TARGET, 200, 100, 100, NORMAL_HEAT_LOAD_KW));
            }, 0, 1, TimeUnit.SECONDS);
        }

        void shortAt(String site) {
            shortAtSource.set(site.equals(SOURCE));
        }

        @Override
        public void close() {
            timer.shutdownNow();
            try {
                timer.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** What the events say of the group's switchover, printed as its steps arrive. */
    final class Events implements ReplicationFeed.Listener {

        private final List<PlacementDecision> decisions = new CopyOnWriteArrayList<>();
        private final List<VolumeFrozen> freezes = new CopyOnWriteArrayList<>();
        private final Map<String, Long> finalSnapshots = new ConcurrentHashMap<>();
        private final Map<String, Long> appliedBytes = new ConcurrentHashMap<>();

        @Override
        public void decided(PlacementDecision event) {
            if (event.groupId().equals(GROUP)) {
                decisions.add(event);
                out.printf("   placement %-14s %s%n", event.step(), event.cause());
            }
        }

        @Override
        public void frozen(VolumeFrozen event) {
            if (event.decisionId() != null && volumeIds.contains(event.volumeId())) {
                freezes.add(event);
            }
        }

        @Override
        public void taken(SnapshotTaken event) {
            if (event.decisionId() != null && volumeIds.contains(event.volumeId())) {
                finalSnapshots.putIfAbsent(event.volumeId(), event.snapshot());
            }
        }

        @Override
        public void applied(ReplicaApplied event) {
            Long finalSnapshot = finalSnapshots.get(event.volumeId());
            if (finalSnapshot != null && event.snapshot() == finalSnapshot) {
                appliedBytes.put(event.volumeId(), event.appliedBytes());
            }
        }

        /** The first step {@code step} of the group's decisions, or null before it. */
        PlacementDecision step(String step) {
            return decisions.stream().filter(d -> d.step().equals(step)).findFirst().orElse(null);
        }

        /** The first step {@code step} of the group's decisions of that type, or null before it. */
        PlacementDecision step(DecisionType type, String step) {
            return decisions.stream().filter(d -> d.type() == type && d.step().equals(step)).findFirst().orElse(null);
        }

        /** The latest step of the group's decisions, as a line to tell how far they got. */
        String lastStep() {
            if (decisions.isEmpty()) {
                return "none";
            }
            PlacementDecision last = decisions.get(decisions.size() - 1);
            return last.type().code() + " " + last.decisionId() + " at step " + last.step() + ": " + last.cause();
        }

        Map<String, Long> finalSnapshots() {
            return Map.copyOf(finalSnapshots);
        }

        /** The switchover's committed or aborted step, or null while it is under way. */
        PlacementDecision finalStep() {
            return decisions.stream().filter(d -> d.step().equals("committed") || d.step().equals("aborted"))
                    .findFirst().orElse(null);
        }

        String trigger(String decisionId) {
            return decisions.stream().filter(d -> d.decisionId().equals(decisionId) && d.step().equals("triggered"))
                    .map(PlacementDecision::cause).findFirst().orElse("");
        }

        /** From the first freeze at the source to the last thaw at the target, both for the decision. */
        Duration downtime(String decisionId, List<String> volumes) {
            Instant frozen = freezes.stream().filter(f -> f.decisionId().equals(decisionId) && f.frozen()
                    && f.site().equals(SOURCE)).map(VolumeFrozen::timestamp).min(Instant::compareTo).orElseThrow();
            List<VolumeFrozen> thaws = freezes.stream().filter(f -> f.decisionId().equals(decisionId)
                    && !f.frozen() && f.site().equals(TARGET)).toList();
            if (thaws.size() < volumes.size()) {
                throw new IllegalStateException("only " + thaws.size() + " of " + volumes.size() + " volumes of "
                        + GROUP + " were thawed at " + TARGET + " for " + decisionId);
            }
            return Duration.between(frozen, thaws.stream().map(VolumeFrozen::timestamp).max(Instant::compareTo)
                    .orElseThrow());
        }
    }
}
