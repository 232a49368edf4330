package io.datamover.launcher.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.Verification;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.launcher.ByteSize;
import io.datamover.launcher.Http;
import io.datamover.launcher.cluster.LocalCluster;
import io.datamover.launcher.cluster.SiteEndpoints;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.Predicate;

/** The demo's story: start two sites, fill a volume, replicate it while it changes, verify the replica. */
final class DemoRun {

    static final String SOURCE = "stockholm";
    static final String TARGET = "falkenberg";
    private static final int FILL_WRITE = 4 << 20;
    private static final int RETAIN = 4;

    private final DemoSettings settings;
    private final PrintStream out;
    private final Instant deadline;
    private final ProgressBar progress;

    DemoRun(DemoSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
        this.deadline = Instant.now().plus(Duration.ofMinutes(settings.timeoutMinutes()));
        this.progress = new ProgressBar(out);
    }

    /** A story told on a running local cluster. */
    interface Story {
        DemoReport tell(LocalCluster cluster) throws Exception;
    }

    DemoReport run() throws Exception {
        return run(this::replicate);
    }

    /** Starts the two sites, tells the story on them, and stops them. */
    DemoReport run(Story story) throws Exception {
        out.printf("== Starting Kafka and the services of %s and %s (work dir %s)%n", SOURCE, TARGET,
                settings.workDir().toAbsolutePath());
        try (LocalCluster cluster = LocalCluster.start(settings.workDir(), List.of(SOURCE, TARGET), out)) {
            return story.tell(cluster);
        }
    }

    DemoReport replicate(LocalCluster cluster) throws Exception {
        SiteEndpoints source = cluster.site(SOURCE);
        SiteEndpoints target = cluster.site(TARGET);
        BlockStoreClient sourceStore = new BlockStoreClient(source.store());
        BlockStoreClient targetStore = new BlockStoreClient(target.store());
        String volumeId = settings.volumeId();

        out.printf("== Creating volume %s at %s: %s in blocks of %s%n", volumeId, SOURCE,
                ByteSize.format(settings.volumeBytes()), ByteSize.format(settings.blockSize()));
        sourceStore.createVolume(volumeId, settings.volumeBytes(), settings.blockSize(), VolumeRole.PRIMARY);
        fill(sourceStore, volumeId, settings.volumeBytes(), settings.seed());

        try (CycleTracker tracker = new CycleTracker(cluster.bootstrapServers(), volumeId, TARGET, this::showProgress)) {
            out.printf("== Protecting %s: a snapshot every %d s, replicated to %s%n", volumeId,
                    settings.intervalSeconds(), TARGET);
            Http.put(source.snapshot().resolve("/protections/" + volumeId), Map.of(
                    "intervalSeconds", settings.intervalSeconds(), "retain", RETAIN, "targetSites", List.of(TARGET)));

            Cycle initial = awaitCycle(tracker, c -> true, "the first copy to reach " + TARGET);
            progress.finish();
            out.printf("   first copy: snapshot %d, %s shipped in %.1f s (%s)%n", initial.snapshot(),
                    ByteSize.format(initial.shippedBytes()), initial.cycleMillis() / 1000.0, initial.method());

            List<DemoReport.CycleReport> cycles = new ArrayList<>();
            out.printf("== Workload: %.0f random writes/s at %s; replicating %d cycles%n",
                    settings.writesPerSecond(), SOURCE, settings.cycles());
            CycleTable table = new CycleTable(out);
            try (Workload workload = new Workload(Map.of(SOURCE, sourceStore), SOURCE, List.of(volumeId),
                    settings.volumeBytes(), settings.writesPerSecond(), settings.seed() + 1)) {
                workload.start();
                long last = initial.snapshot();
                while (cycles.size() < settings.cycles()) {
                    long after = last;
                    Cycle cycle = awaitCycle(tracker, c -> c.snapshot() > after, "snapshot cycle " + (cycles.size() + 1));
                    progress.finish();
                    long[] lag = lag(target, cycle.snapshot());
                    DemoReport.CycleReport row = new DemoReport.CycleReport(cycle.snapshot(), cycle.method(),
                            cycle.changedBytes(), cycle.shippedBytes(), cycle.cycleMillis(), lag[0], lag[1]);
                    table.row(row);
                    cycles.add(row);
                    last = cycle.snapshot();
                }
            }
            Http.delete(source.snapshot().resolve("/protections/" + volumeId));
            return verify(sourceStore, targetStore, initial, cycles);
        }
    }

    /** Fills the volume with random data from {@code seed}, showing progress. */
    void fill(BlockStoreClient store, String volumeId, long volumeBytes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] buffer = new byte[FILL_WRITE];
        Instant start = Instant.now();
        for (long offset = 0; offset < volumeBytes; offset += FILL_WRITE) {
            int length = (int) Math.min(FILL_WRITE, volumeBytes - offset);
            Workload.fill(random, buffer, length);
            store.write(volumeId, offset, length == FILL_WRITE ? buffer : Arrays.copyOf(buffer, length));
            progress.show("filling " + volumeId, offset + length, volumeBytes);
        }
        progress.finish();
        out.printf("   filled %s with %s of random data in %.1f s%n", volumeId, ByteSize.format(volumeBytes),
                Duration.between(start, Instant.now()).toMillis() / 1000.0);
    }

    void showProgress(Cycle cycle) {
        if (!cycle.isApplied() && cycle.bytesTotal() > 8L * FILL_WRITE) {
            progress.show("snapshot " + cycle.snapshot() + " to " + TARGET, cycle.bytesDone(), cycle.bytesTotal());
        }
    }

    Cycle awaitCycle(CycleTracker tracker, Predicate<Cycle> which, String what) {
        AtomicReference<Cycle> found = new AtomicReference<>();
        await(() -> {
            tracker.cycles().stream().filter(which).filter(Cycle::isApplied).findFirst().ifPresent(found::set);
            return found.get() != null;
        }, what);
        return found.get();
    }

    /** Placement's lag of the target replica once it has seen the cycle: {bytes, seconds}, or -1s if it has not. */
    private long[] lag(SiteEndpoints target, long snapshot) {
        Instant giveUp = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(giveUp)) {
            try {
                JsonNode replica = Http.get(target.placement().resolve("/volumes/" + settings.volumeId()))
                        .path("replicas").path(TARGET);
                if (replica.path("consistentSnapshot").asLong(0) >= snapshot) {
                    return new long[] {replica.path("lagBytes").asLong(), replica.path("lagSeconds").asLong()};
                }
            } catch (Http.HttpException e) {
                // placement has not seen the volume yet: ask again
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        return new long[] {-1, -1};
    }

    private DemoReport verify(BlockStoreClient source, BlockStoreClient target, Cycle initial,
            List<DemoReport.CycleReport> cycles) {
        String volumeId = settings.volumeId();
        Long claimed = target.volume(volumeId).consistentSnapshot();
        if (claimed == null) {
            throw new IllegalStateException("the replica of " + volumeId + " at " + TARGET + " claims no snapshot");
        }
        out.printf("== Verifying: %s at %s claims snapshot %d of %s%n", volumeId, TARGET, claimed, SOURCE);
        Verification sourceCheck = source.verify(volumeId, claimed);
        Verification targetCheck = target.verify(volumeId, claimed);
        String sourceDigest = sourceCheck.digest();
        String targetDigest = targetCheck.digest();
        boolean verified = sourceCheck.intact() && targetCheck.intact() && sourceDigest.equals(targetDigest);
        out.printf("   %s snapshot %d  sha256 %s  %s%n", SOURCE, claimed, sourceDigest, checked(sourceCheck));
        out.printf("   %s replica %d  sha256 %s  %s%n", TARGET, claimed, targetDigest, checked(targetCheck));
        out.println(verified ? "   VERIFIED: every sector matches its checksum and the replica equals the source"
                + " snapshot bit for bit"
                : "   FAILED: " + (sourceDigest.equals(targetDigest) ? "corrupt blocks (see above)"
                        : "the replica differs from the source snapshot"));
        return new DemoReport(settings.volumeBytes(), settings.blockSize(), initial.shippedBytes(),
                initial.cycleMillis(), List.copyOf(cycles), claimed, verified, sourceDigest, targetDigest, null, null,
                null);
    }

    static String checked(Verification verification) {
        return verification.intact()
                ? String.format("%s checked in %.1f s, intact", ByteSize.format(verification.checkedBytes()),
                        verification.millis() / 1000.0)
                : verification.corruptBlockCount() + " CORRUPT blocks, first at offset "
                        + verification.corruptBlocks().get(0).offset();
    }

    void await(BooleanSupplier condition, String what) {
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("gave up after " + settings.timeoutMinutes() + " min waiting for "
                        + what + "; service logs are in " + logs());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    /**
     * As {@link #await(BooleanSupplier, String)}, giving up after {@code timeout} as well; {@code what} is asked when
     * giving up, so that it can tell how far things got.
     */
    void await(BooleanSupplier condition, Duration timeout, Supplier<String> what) {
        Instant giveUp = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(giveUp)) {
                throw new IllegalStateException("gave up after " + timeout.toSeconds() + " s waiting for " + what.get()
                        + "; service logs are in " + logs());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("gave up after " + settings.timeoutMinutes() + " min waiting for "
                        + what.get() + "; service logs are in " + logs());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    private Path logs() {
        return settings.workDir().toAbsolutePath().resolve("logs");
    }
}
