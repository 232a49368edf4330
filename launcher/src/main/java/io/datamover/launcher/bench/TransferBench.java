package io.datamover.launcher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.BlockStoreException;
import io.datamover.blockstore.api.CreateVolume;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.events.EventJson;
import io.datamover.events.SnapshotTaken;
import io.datamover.launcher.ByteSize;
import io.datamover.launcher.Http;
import io.datamover.launcher.cluster.LocalCluster;
import io.datamover.launcher.cluster.SiteEndpoints;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Replicates volumes between two sites of a {@link LocalCluster} (every service a process of its own) and times
 * each step from the events the services publish: a warm-up volume's first copy and one cycle, reported apart (the
 * services' code is compiled while they run; a long-running service has done so), then the first copy,
 * {@code warmupCycles} incremental cycles reported apart, and {@code cycles} incremental cycles of 1% scattered
 * change for the main volume, cycles of the same delta (as many blocks, scattered over the whole volume)
 * for a small and a large (sparse) volume; and rsync on the
 * main volume's last delta, exported to plain files. Volumes are replicated one after the other, each deleted at
 * both sites once measured.
 */
final class TransferBench {

    static final String SOURCE = "stockholm";
    static final String TARGET = "falkenberg";
    static final double CHANGE = 0.01;
    private static final int BLOCK = CreateVolume.DEFAULT_BLOCK_SIZE;
    /** Long enough that the schedule takes the first snapshot only; the bench asks for every later one. */
    private static final long INTERVAL_SECONDS = 86_400;
    private static final int RETAIN = 4;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** What to measure; {@code rsync} is empty where rsync is not installed. */
    record Settings(Path workDir, long volumeBytes, long smallVolume, long largeVolume, long largeWritten,
            long warmupVolume, int warmupCycles, int cycles, long seed, int timeoutMinutes, Optional<Path> rsync) {
    }

    private final Settings settings;
    private final PrintStream out;
    private final Instant deadline;
    private final WriteBack writeBack = WriteBack.fromPath(System.getenv("PATH"));
    private long seed;

    TransferBench(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
        this.deadline = Instant.now().plus(Duration.ofMinutes(settings.timeoutMinutes()));
        this.seed = settings.seed();
    }

    TransferBenchResult run() throws IOException {
        out.printf("== Starting Kafka and the services of %s and %s (work dir %s)%n", SOURCE, TARGET,
                settings.workDir().toAbsolutePath());
        if (!writeBack.available()) {
            out.println("   sync is not on the PATH: measured phases may pay for the write-back of earlier ones");
        }
        try (LocalCluster cluster = LocalCluster.start(settings.workDir(), List.of(SOURCE, TARGET), out);
                ReplicationEvents events = new ReplicationEvents(cluster.bootstrapServers(), TARGET)) {
            Sites sites = new Sites(cluster, cluster.site(SOURCE), cluster.site(TARGET), events);
            // The scaling volumes get the main volume's delta, so that only the volume's size differs between them.
            int changedBlocks = (int) Math.max(1, Math.round(settings.volumeBytes() / BLOCK * CHANGE));
            Optional<VolumeRun> warmup = Optional.empty();
            if (settings.warmupVolume() > 0) {
                warmup = Optional.of(replicate(sites, "bench-warmup", settings.warmupVolume(),
                        settings.warmupVolume(), changedBlocks, 0, 1));
                retire(sites, warmup.get());
            }
            VolumeRun main = replicate(sites, "bench-main", settings.volumeBytes(), settings.volumeBytes(),
                    changedBlocks);
            RsyncRun rsync = rsync(sites, main);
            retire(sites, main);
            VolumeRun small = replicate(sites, "bench-small", settings.smallVolume(), settings.smallVolume(),
                    changedBlocks);
            retire(sites, small);
            VolumeRun large = replicate(sites, "bench-large", settings.largeVolume(), settings.largeWritten(),
                    changedBlocks);
            retire(sites, large);
            return new TransferBenchResult(main, rsync, small, large, warmup);
        }
    }

    private record Sites(LocalCluster cluster, SiteEndpoints source, SiteEndpoints target, ReplicationEvents events) {

        BlockStoreClient sourceStore() {
            return new BlockStoreClient(source.store());
        }

        BlockStoreClient targetStore() {
            return new BlockStoreClient(target.store());
        }
    }

    private VolumeRun replicate(Sites sites, String volumeId, long volumeBytes, long writtenBytes,
            int changedBlocks) throws IOException {
        return replicate(sites, volumeId, volumeBytes, writtenBytes, changedBlocks, settings.warmupCycles(),
                settings.cycles());
    }

    private VolumeRun replicate(Sites sites, String volumeId, long volumeBytes, long writtenBytes,
            int changedBlocks, int warmupCycles, int measuredCycles) throws IOException {
        BlockStoreClient store = sites.sourceStore();
        out.printf("== Volume %s: %s at %s%s%n", volumeId, ByteSize.format(volumeBytes), SOURCE,
                writtenBytes < volumeBytes ? ", sparse: " + ByteSize.format(writtenBytes) + " written in 4 MiB pieces"
                        + " spread over it" : "");
        store.createVolume(volumeId, volumeBytes, BLOCK, VolumeRole.PRIMARY);
        VolumeData data = new VolumeData(store, volumeId, volumeBytes, BLOCK, seed++);
        fill(data, writtenBytes);
        writeBack.settle();

        Map<String, Duration> cpuBefore = sites.cluster().cpuTimes();
        Http.put(sites.source().snapshot().resolve("/protections/" + volumeId), Map.of(
                "intervalSeconds", INTERVAL_SECONDS, "retain", RETAIN, "targetSites", List.of(TARGET)));
        TransferCycle first = awaitApplied(sites, volumeId, 1);
        CpuUse firstCpu = CpuUse.between(cpuBefore, sites.cluster().cpuTimes(), first.shippedBytes());
        out.printf(Locale.ROOT, "   first copy (%s): %s shipped in %.1f s, %.1f MB/s, %.1f CPU-s (%.1f per GiB: %s)%n",
                first.method(), ByteSize.format(first.shippedBytes()), first.cycleMillis() / 1000,
                first.shippedBytes() / 1e3 / first.cycleMillis(), firstCpu.seconds(), firstCpu.secondsPerGiB(),
                topProcesses(firstCpu));

        List<TransferCycle> warmups = new ArrayList<>();
        List<TransferCycle> cycles = new ArrayList<>();
        TransferCycle previous = first;
        for (int i = 1 - warmupCycles; i <= measuredCycles; i++) {
            awaitPlacement(sites, volumeId, previous.snapshot());
            writeBack.settle();
            data.change(changedBlocks);
            SnapshotTaken taken = snapshotNow(sites, volumeId);
            if (!Long.valueOf(previous.snapshot()).equals(taken.baseSnapshot())) {
                throw new IllegalStateException("snapshot " + taken.snapshot() + " of " + volumeId + " at " + SOURCE
                        + " has base " + taken.baseSnapshot() + ", expected " + previous.snapshot()
                        + ": the snapshot-service had not yet seen the replica applied at " + TARGET);
            }
            TransferCycle cycle = awaitApplied(sites, volumeId, taken.snapshot());
            out.printf(Locale.ROOT, "   %s (%s): snapshot %d, %d blocks changed (%s), %s shipped:"
                    + " %.0f ms from snapshot taken to replica consistent, %.0f ms of it ship + apply%n",
                    i < 1 ? "warm-up cycle" : "cycle " + i, cycle.method(), cycle.snapshot(), changedBlocks, ByteSize.format(cycle.changedBytes()),
                    ByteSize.format(cycle.shippedBytes()), cycle.cycleMillis(), cycle.shipApplyMillis());
            (i < 1 ? warmups : cycles).add(cycle);
            previous = cycle;
        }
        return new VolumeRun(volumeId, volumeBytes, writtenBytes, BLOCK, changedBlocks, first, firstCpu, warmups,
                cycles);
    }

    private static String topProcesses(CpuUse cpu) {
        StringBuilder top = new StringBuilder();
        cpu.byProcess().entrySet().stream().limit(6).forEach(entry -> top.append(top.length() == 0 ? "" : ", ")
                .append(entry.getKey()).append(String.format(Locale.ROOT, " %.1f", entry.getValue())));
        return top.toString();
    }

    private void fill(VolumeData data, long writtenBytes) {
        long start = System.nanoTime();
        long[] nextQuarter = {writtenBytes / 4};
        data.fill(writtenBytes, done -> {
            if (done >= nextQuarter[0] && done < writtenBytes) {
                out.printf("   filling: %s of %s%n", ByteSize.format(done), ByteSize.format(writtenBytes));
                nextQuarter[0] += writtenBytes / 4;
            }
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "   filled %s with random data in %.1f s (%.0f MB/s)%n",
                ByteSize.format(writtenBytes), seconds, writtenBytes / 1e6 / seconds);
    }

    /** A snapshot through the snapshot-service's API, so that it publishes {@code snapshot-taken} as scheduled. */
    private SnapshotTaken snapshotNow(Sites sites, String volumeId) {
        URI uri = sites.source().snapshot().resolve("/protections/" + volumeId + "/snapshots");
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        AtomicReference<SnapshotTaken> taken = new AtomicReference<>();
        await(() -> {
            HttpResponse<String> response = send(request);
            if (response.statusCode() == 503) {
                return false;
            }
            if (response.statusCode() != 201) {
                throw new IllegalStateException("POST " + uri + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            taken.set(EventJson.read(response.body(), SnapshotTaken.class));
            return true;
        }, "a snapshot of " + volumeId + " at " + SOURCE);
        return taken.get();
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(request.method() + " " + request.uri() + " interrupted", e);
        }
    }

    private TransferCycle awaitApplied(Sites sites, String volumeId, long snapshot) {
        AtomicReference<TransferCycle> cycle = new AtomicReference<>();
        long[] nextReport = {System.nanoTime() + TimeUnit.SECONDS.toNanos(10)};
        await(() -> {
            sites.events().appliedCycle(volumeId, snapshot).ifPresent(cycle::set);
            if (cycle.get() == null && System.nanoTime() > nextReport[0]) {
                long[] shipped = sites.events().shipped(volumeId, snapshot);
                out.printf("   snapshot %d of %s to %s: %s of %s shipped%n", snapshot, volumeId, TARGET,
                        ByteSize.format(shipped[0]), ByteSize.format(shipped[1]));
                nextReport[0] += TimeUnit.SECONDS.toNanos(10);
            }
            return cycle.get() != null;
        }, "snapshot " + snapshot + " of " + volumeId + " to be applied at " + TARGET);
        return cycle.get();
    }

    /**
     * Waits until placement at the target reports the replica consistent at {@code snapshot}: the snapshot-service
     * learns it from the same {@code replica-applied} event, and must have, for the next snapshot to get it as base.
     */
    private void awaitPlacement(Sites sites, String volumeId, long snapshot) {
        URI uri = sites.target().placement().resolve("/volumes/" + volumeId);
        await(() -> {
            try {
                JsonNode replica = Http.get(uri).path("replicas").path(TARGET);
                return replica.path("consistentSnapshot").asLong(0) >= snapshot;
            } catch (Http.HttpException e) {
                return false;
            }
        }, "placement at " + TARGET + " to report " + volumeId + " consistent at snapshot " + snapshot);
    }

    /**
     * rsync on the main volume's last delta: the source snapshot before and after it exported to plain files, the
     * replica's previous state as rsync's target. Both files were just written: rsync reads them from the page cache.
     */
    private RsyncRun rsync(Sites sites, VolumeRun main) throws IOException {
        List<String> delta = List.of("--inplace", "--no-whole-file", "-B", "65536", "source-after", "target");
        List<String> full = List.of("source-after", "fresh-target");
        List<String> durableFull = List.of("--fsync", "source-after", "durable-target");
        String deltaCommand = "rsync " + String.join(" ", delta);
        String fullCommand = "rsync " + String.join(" ", full);
        String durableFullCommand = "rsync " + String.join(" ", durableFull);
        if (settings.rsync().isEmpty()) {
            out.println("== rsync is not installed (not on the PATH): its figures are reported as null");
            return RsyncRun.missing(deltaCommand, fullCommand, durableFullCommand);
        }
        Path dir = settings.workDir().toAbsolutePath().resolve("rsync");
        Files.createDirectories(dir);
        try {
            TransferCycle last = main.last();
            out.printf("== rsync on the same data: snapshots %d and %d of %s exported to plain files in %s%n",
                    last.baseSnapshot(), last.snapshot(), main.volumeId(), dir);
            BlockStoreClient store = sites.sourceStore();
            SnapshotFile.export(store, main.volumeId(), last.baseSnapshot(), main.volumeBytes(), dir.resolve("target"));
            // An old time stamp, so that rsync's quick check (size and time) never skips the file.
            Files.setLastModifiedTime(dir.resolve("target"), FileTime.fromMillis(0));
            SnapshotFile.export(store, main.volumeId(), last.snapshot(), main.volumeBytes(),
                    dir.resolve("source-after"));
            Rsync rsync = new Rsync(settings.rsync().get(), settings.workDir().toAbsolutePath().resolve("logs/rsync.log"));
            writeBack.settle();
            double deltaMillis = rsync.run(dir, delta);
            out.printf(Locale.ROOT, "   %s: %.0f ms%n", deltaCommand, deltaMillis);
            writeBack.settle();
            double fullMillis = rsync.run(dir, full);
            out.printf(Locale.ROOT, "   %s: %.0f ms%n", fullCommand, fullMillis);
            // The durable copy needs the room of another volume: give back the plain one's first.
            Files.delete(dir.resolve("fresh-target"));
            writeBack.settle();
            double durableFullMillis = rsync.run(dir, durableFull);
            out.printf(Locale.ROOT, "   %s: %.0f ms%n", durableFullCommand, durableFullMillis);
            return new RsyncRun(true, deltaCommand, fullCommand, durableFullCommand, deltaMillis, fullMillis,
                    durableFullMillis);
        } finally {
            for (String file : List.of("target", "source-after", "fresh-target", "durable-target")) {
                Files.deleteIfExists(dir.resolve(file));
            }
            Files.deleteIfExists(dir);
        }
    }

    /** Stops protecting the volume and deletes it at both sites, so that its disk space is free for the next. */
    private void retire(Sites sites, VolumeRun run) {
        String volumeId = run.volumeId();
        Http.delete(sites.source().snapshot().resolve("/protections/" + volumeId));
        try {
            // The source's transfer-service holds the last shipped snapshot as the base of the next delta.
            sites.sourceStore().release(volumeId, run.last().snapshot(), "transfer." + TARGET);
        } catch (BlockStoreException e) {
            out.printf("   could not release %s snapshot %d at %s: %s%n", volumeId, run.last().snapshot(), SOURCE,
                    e.getMessage());
        }
        for (BlockStoreClient store : List.of(sites.sourceStore(), sites.targetStore())) {
            try {
                store.deleteVolume(volumeId);
            } catch (BlockStoreException e) {
                out.printf("   could not delete %s at %s (%s); the next run empties the work dir%n", volumeId,
                        store.baseUrl(), e.getMessage());
            }
        }
    }

    private void await(BooleanSupplier condition, String what) {
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("gave up after " + settings.timeoutMinutes() + " min waiting for "
                        + what + "; service logs are in " + settings.workDir().toAbsolutePath().resolve("logs"));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
