package io.datamover.launcher.bench;

import io.datamover.blockstore.api.CreateVolume;
import io.datamover.blockstore.api.DeltaFormat;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.blockstore.domain.ExtentPages;
import io.datamover.blockstore.storage.Volume;
import io.datamover.blockstore.storage.VolumeStore;
import io.datamover.events.Extent;
import io.datamover.launcher.ByteSize;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Runs the storage measurements on the embedded block store's engine, in this process, against plain file I/O
 * ({@link PlainFile}) in the same directory. Every figure is measured once per round. Where the store is compared
 * with a plain file, both work on the same blocks in the same round: writes and reads alternate between the two
 * sides every 16 blocks, so that a load spike from elsewhere on the machine hits both; a delta's apply is one call,
 * so the two sides of apply run back to back, the store first in odd rounds. Every round gets fresh volumes and
 * files, so all rounds start from the same state; nothing is deleted before the end (deletions would discard
 * blocks during the run).
 */
final class StorageBench {

    private static final int BLOCK = CreateVolume.DEFAULT_BLOCK_SIZE;
    private static final double CHANGE = 0.01;
    private static final int SETUP_WRITERS = 16;
    /** Writes or extents per slice of an interleaved measurement: 1 MiB of 64 KiB writes. */
    private static final int SLICE = 16;

    /** What to measure: volume sizes, the bytes of each write and apply measurement, and how many rounds. */
    record Settings(long smallVolume, long largeVolume, long writeBytes, long readBytes, long applyBytes,
            int rounds) {
    }

    private final Path dir;
    private final Settings settings;
    private final PrintStream out;
    private final SplittableRandom random = new SplittableRandom(11);
    private final byte[] payload;
    private final byte[] changedPayload;
    private final Map<Figure, List<Double>> samples = new EnumMap<>(Figure.class);
    private long deltaExtents;
    private long deltaBytes;
    private long readBytes;
    private int readPasses;

    StorageBench(Path dir, Settings settings, PrintStream out) {
        this.dir = dir.toAbsolutePath();
        this.settings = settings;
        this.out = out;
        this.payload = randomBytes();
        this.changedPayload = randomBytes();
    }

    StorageBenchResult run() throws IOException {
        empty();
        try (VolumeStore store = VolumeStore.open(dir.resolve("store"), "bench")) {
            return measure(store);
        } finally {
            empty();
            Files.deleteIfExists(dir);
        }
    }

    private StorageBenchResult measure(VolumeStore store) throws IOException {
        Volume small = create(store, "small", settings.smallVolume(), VolumeRole.PRIMARY);
        Volume large = create(store, "large", settings.largeVolume(), VolumeRole.PRIMARY);
        // Untimed first snapshots: every timed snapshot closes an epoch of 1% writes, every timed delta has a base.
        small.snapshot();
        large.snapshot();
        int[] writes = randomBlocks(settings.smallVolume(), (int) (settings.writeBytes() / BLOCK));
        int[] applied = Arrays.stream(randomBlocks(settings.smallVolume(), (int) (settings.applyBytes() / BLOCK)))
                .sorted().toArray();
        byte[] change = delta(applied, changedPayload);
        out.printf("   %d rounds; each: 1%% scattered writes then a snapshot of the %s and %s volumes, %s of 64 KiB"
                + " random writes and their reads, a delta of %s applied to a replica%n", settings.rounds(),
                label(settings.smallVolume()), label(settings.largeVolume()), ByteSize.format(settings.writeBytes()),
                ByteSize.format(applied.length * (long) BLOCK));
        for (int round = 1; round <= settings.rounds(); round++) {
            long start = System.nanoTime();
            snapshots(small, large);
            writesAndReads(store, round, writes);
            apply(store, round, applied, change);
            printRound(round, (System.nanoTime() - start) / 1e9);
        }
        return new StorageBenchResult(settings.rounds(), BLOCK, label(settings.smallVolume()),
                label(settings.largeVolume()), figure(Figure.SMALL_SNAPSHOT), figure(Figure.LARGE_SNAPSHOT),
                figure(Figure.DELTA), deltaExtents, deltaBytes, settings.writeBytes(), readBytes, readPasses,
                applied.length * (long) BLOCK, figure(Figure.WRITE), figure(Figure.WRITE_COW),
                figure(Figure.RAW_WRITE), figure(Figure.READ), figure(Figure.RAW_READ), figure(Figure.APPLY),
                figure(Figure.RAW_APPLY));
    }

    /** Snapshot time after 1% of each volume's blocks were written at random, and the delta of that 1%. */
    private void snapshots(Volume small, Volume large) throws IOException {
        record(Figure.SMALL_SNAPSHOT, snapshotMillis(small));
        record(Figure.LARGE_SNAPSHOT, snapshotMillis(large));
        long target = large.snapshots().get(large.snapshots().size() - 1).number();
        long start = System.nanoTime();
        List<Extent> extents = ExtentPages.all(large.delta(target - 1, target).blocks(), large.geometry());
        record(Figure.DELTA, (System.nanoTime() - start) / 1e6);
        deltaExtents = extents.size();
        deltaBytes = extents.stream().mapToLong(Extent::length).sum();
    }

    private double snapshotMillis(Volume volume) throws IOException {
        writeParallel(volume, randomBlocks(volume.geometry().sizeBytes(),
                (int) (volume.geometry().blockCount() * CHANGE)));
        long start = System.nanoTime();
        volume.snapshot();
        return (System.nanoTime() - start) / 1e6;
    }

    /**
     * 64 KiB random writes by one writer, each acknowledged only once durable: through the store (its intent log
     * record, which carries the data, fdatasync'ed; the live file at each checkpoint of the full log) against a
     * plain file (pwrite, fdatasync), both fresh sparse files, so each write also allocates its block on both
     * sides. Then the same blocks again through the store after a snapshot (copy-on-write), and the reads of the
     * changed extents of that snapshot against the same offsets of the file.
     */
    private void writesAndReads(VolumeStore store, int round, int[] blocks) throws IOException {
        long bytes = blocks.length * (long) BLOCK;
        Volume volume = create(store, "writes-" + round, settings.smallVolume(), VolumeRole.PRIMARY);
        try (PlainFile plain = PlainFile.create(dir.resolve("plain-writes-" + round), settings.smallVolume(),
                BLOCK)) {
            int[][] slices = slices(blocks);
            interleaved(bytes, slices.length, Figure.WRITE, slice -> writeEach(volume, slices[slice], payload),
                    Figure.RAW_WRITE, slice -> plain.writeEachDurably(slices[slice], ByteBuffer.wrap(payload)));
            long base = volume.snapshot().number();
            record(Figure.WRITE_COW, mbps(bytes, () -> writeEach(volume, blocks, changedPayload)));
            long target = volume.snapshot().number();
            List<Extent> changed = ExtentPages.all(volume.delta(base, target).blocks(), volume.geometry());
            readBytes = changed.stream().mapToLong(Extent::length).sum();
            // Reads from the page cache take milliseconds: read the extents over again so that a timing spans more.
            readPasses = (int) Math.max(1, (settings.readBytes() + readBytes - 1) / readBytes);
            // Untimed: both sides read once first, so both timed reads come from the page cache with a compiled path.
            readSnapshot(volume, target, changed);
            plain.read(changed);
            List<List<Extent>> parts = slices(changed);
            interleaved(readBytes * readPasses, parts.size() * readPasses,
                    Figure.READ, slice -> readSnapshot(volume, target, parts.get(slice % parts.size())),
                    Figure.RAW_READ, slice -> plain.read(parts.get(slice % parts.size())));
        }
    }

    /**
     * A delta applied to a frozen replica that holds its base snapshot (sparse: copy-on-write keeps it readable),
     * against positional writes of the same extents to a fresh sparse plain file, one fdatasync at the end.
     */
    private void apply(VolumeStore store, int round, int[] blocks, byte[] change) throws IOException {
        long bytes = blocks.length * (long) BLOCK;
        Volume replica = create(store, "replica-" + round, settings.smallVolume(), VolumeRole.REPLICA);
        replica.freeze("bench: apply");
        replica.apply(null, 1, DeltaFormat.reader(new ByteArrayInputStream(new byte[0])));
        try (PlainFile plain = PlainFile.create(dir.resolve("plain-apply-" + round), settings.smallVolume(),
                BLOCK)) {
            pair(round, Figure.APPLY, () -> mbps(bytes, () -> {
                long written = replica.apply(1L, 2, DeltaFormat.reader(new ByteArrayInputStream(change)));
                if (written != bytes) {
                    throw new IllegalStateException("replica " + replica.id() + " applied " + written + " bytes of "
                            + bytes);
                }
            }), Figure.RAW_APPLY, () -> mbps(bytes, () -> plain.writeAllThenSync(blocks,
                    ByteBuffer.wrap(changedPayload))));
        }
    }

    private static byte[] delta(int[] blocks, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(blocks.length * (data.length
                + DeltaFormat.HEADER_LENGTH));
        DeltaFormat.Writer writer = DeltaFormat.writer(bytes);
        for (int block : blocks) {
            writer.write((long) block * BLOCK, data);
        }
        writer.flush();
        return bytes.toByteArray();
    }

    /**
     * The store's figure and the plain file's, measured slice by slice, each slice on one side right after the
     * other, alternating which side goes first: both sides see the same moments of the machine's load.
     */
    private void interleaved(long bytes, int slices, Figure store, Slice storeSide, Figure plain, Slice plainSide)
            throws IOException {
        long storeNanos = 0;
        long plainNanos = 0;
        for (int slice = 0; slice < slices; slice++) {
            if (slice % 2 == 0) {
                storeNanos += nanos(storeSide, slice);
                plainNanos += nanos(plainSide, slice);
            } else {
                plainNanos += nanos(plainSide, slice);
                storeNanos += nanos(storeSide, slice);
            }
        }
        record(store, bytes * 1e3 / storeNanos);
        record(plain, bytes * 1e3 / plainNanos);
    }

    private static long nanos(Slice work, int slice) throws IOException {
        long start = System.nanoTime();
        work.run(slice);
        return System.nanoTime() - start;
    }

    private static int[][] slices(int[] blocks) {
        return IntStream.range(0, (blocks.length + SLICE - 1) / SLICE)
                .mapToObj(i -> Arrays.copyOfRange(blocks, i * SLICE, Math.min(blocks.length, (i + 1) * SLICE)))
                .toArray(int[][]::new);
    }

    private static List<List<Extent>> slices(List<Extent> extents) {
        return IntStream.range(0, (extents.size() + SLICE - 1) / SLICE)
                .mapToObj(i -> extents.subList(i * SLICE, Math.min(extents.size(), (i + 1) * SLICE))).toList();
    }

    /** The store's figure and the plain file's, back to back, the store first in odd rounds. */
    private void pair(int round, Figure store, Measurement storeSide, Figure plain, Measurement plainSide)
            throws IOException {
        if (round % 2 == 1) {
            record(store, storeSide.run());
            record(plain, plainSide.run());
        } else {
            record(plain, plainSide.run());
            record(store, storeSide.run());
        }
    }

    private void printRound(int round, double seconds) {
        out.printf(Locale.ROOT, "   round %d/%d (%.0f s): snapshots %.1f / %.1f ms, delta %.2f ms,"
                + " writes %.0f vs %.0f MB/s (copy-on-write %.0f), reads %.0f vs %.0f MB/s, apply %.0f vs %.0f MB/s%n",
                round, settings.rounds(), seconds, last(Figure.SMALL_SNAPSHOT), last(Figure.LARGE_SNAPSHOT),
                last(Figure.DELTA), last(Figure.WRITE), last(Figure.RAW_WRITE), last(Figure.WRITE_COW),
                last(Figure.READ), last(Figure.RAW_READ), last(Figure.APPLY), last(Figure.RAW_APPLY));
    }

    private Volume create(VolumeStore store, String id, long size, VolumeRole role) throws IOException {
        return store.create(new CreateVolume(id, size, BLOCK, role));
    }

    private static void writeEach(Volume volume, int[] blocks, byte[] data) throws IOException {
        for (int block : blocks) {
            volume.write((long) block * BLOCK, ByteBuffer.wrap(data));
        }
    }

    /** Setup writes, not measured: many writers, so that they share the store's batched syncs. */
    private void writeParallel(Volume volume, int[] blocks) throws IOException {
        ExecutorService writers = Executors.newFixedThreadPool(SETUP_WRITERS);
        try {
            List<Future<Void>> parts = new ArrayList<>();
            for (int part = 0; part < SETUP_WRITERS; part++) {
                int writer = part;
                int[] share = IntStream.range(0, blocks.length).filter(i -> i % SETUP_WRITERS == writer)
                        .map(i -> blocks[i]).toArray();
                parts.add(writers.submit(() -> {
                    writeEach(volume, share, payload);
                    return null;
                }));
            }
            for (Future<Void> part : parts) {
                part.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("writing " + volume.id() + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing " + volume.id(), e);
        } finally {
            writers.shutdownNow();
        }
    }

    private static void readSnapshot(Volume volume, long snapshot, List<Extent> extents) throws IOException {
        for (Extent extent : extents) {
            for (long offset = extent.offset(); offset < extent.end(); offset += BLOCK) {
                volume.readSnapshot(snapshot, offset, (int) Math.min(BLOCK, extent.end() - offset));
            }
        }
    }

    /** Distinct random blocks of a volume of {@code size} bytes, in random order. */
    private int[] randomBlocks(long size, int count) {
        int blockCount = (int) (size / BLOCK);
        int[] blocks = random.ints(0, blockCount).distinct().limit(Math.min(count, blockCount)).toArray();
        return blocks.length == 0 ? new int[] {0} : blocks;
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[BLOCK];
        random.nextBytes(bytes);
        return bytes;
    }

    private static double mbps(long bytes, IoAction work) throws IOException {
        long start = System.nanoTime();
        work.run();
        return bytes / 1e6 / ((System.nanoTime() - start) / 1e9);
    }

    private void record(Figure figure, double value) {
        samples.computeIfAbsent(figure, f -> new ArrayList<>()).add(value);
    }

    private double last(Figure figure) {
        List<Double> values = samples.get(figure);
        return values.get(values.size() - 1);
    }

    private Samples figure(Figure figure) {
        return new Samples(samples.get(figure));
    }

    private static String label(long bytes) {
        return ByteSize.format(bytes).replace(".0 ", "").replace(" ", "");
    }

    private void empty() throws IOException {
        if (!Files.exists(dir)) {
            Files.createDirectories(dir);
            return;
        }
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(dir)).forEach(paths::add);
        }
        for (Path path : paths) {
            Files.delete(path);
        }
    }

    private enum Figure {
        SMALL_SNAPSHOT, LARGE_SNAPSHOT, DELTA, WRITE, WRITE_COW, RAW_WRITE, READ, RAW_READ, APPLY, RAW_APPLY
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private interface Slice {
        void run(int slice) throws IOException;
    }

    private interface Measurement {
        double run() throws IOException;
    }
}
