package io.datamover.launcher.bench;

import io.datamover.blockstore.api.CreateVolume;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.blockstore.domain.ExtentPages;
import io.datamover.blockstore.storage.Volume;
import io.datamover.blockstore.storage.VolumeStore;
import io.datamover.events.Extent;
import io.datamover.launcher.ByteSize;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.roaringbitmap.RoaringBitmap;

/**
 * Runs the storage measurements on the embedded block store's engine, in this process, against
 * plain {@link FileChannel} I/O on files in the same directory.
 */
final class StorageBench {

    private static final int BLOCK = CreateVolume.DEFAULT_BLOCK_SIZE;
    private static final int ROUNDS = 5;
    private static final double CHANGE = 0.01;

    private final Path dir;
    private final long smallVolume;
    private final long largeVolume;
    private final long writeBytes;
    private final PrintStream out;
    private final SplittableRandom random = new SplittableRandom(11);
    private final ByteBuffer payload;

    StorageBench(Path dir, long smallVolume, long largeVolume, long writeBytes, PrintStream out) {
        this.dir = dir.toAbsolutePath();
        this.smallVolume = smallVolume;
        this.largeVolume = largeVolume;
        this.writeBytes = writeBytes;
        this.out = out;
        byte[] bytes = new byte[BLOCK];
        random.nextBytes(bytes);
        this.payload = ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    StorageBenchResult run() throws IOException {
        empty();
        try (VolumeStore store = VolumeStore.open(dir.resolve("store"), "bench")) {
            Map<String, Double> snapshotMillis = new LinkedHashMap<>();
            snapshotMillis.put(label(smallVolume), snapshotMillis(create(store, "small", smallVolume)));
            Volume large = create(store, "large", largeVolume);
            snapshotMillis.put(label(largeVolume), snapshotMillis(large));
            DeltaFigures delta = deltaMillis(large);

            Volume volume = create(store, "writes", smallVolume);
            int[] blocks = randomBlocks(smallVolume, (int) (writeBytes / BLOCK));
            out.printf("   writing %s in 64 KiB random writes: through the store, then plain%n",
                    ByteSize.format(writeBytes));
            double write = mbps(blocks.length * (long) BLOCK, () -> writeAll(volume, blocks));
            long base = volume.snapshot().number();
            double writeCow = mbps(blocks.length * (long) BLOCK, () -> writeAll(volume, blocks));
            long target = volume.snapshot().number();
            Path raw = dir.resolve("raw");
            double rawWrite = rawWrite(raw, blocks);

            List<Extent> changed = ExtentPages.all(volume.delta(base, target).blocks(), volume.geometry());
            long changedBytes = changed.stream().mapToLong(Extent::length).sum();
            out.printf("   reading %s of changed extents: through the store, then plain%n",
                    ByteSize.format(changedBytes));
            double snapshotRead = mbps(changedBytes, () -> readSnapshot(volume, target, changed));
            double rawRead = rawRead(raw, changed, changedBytes);
            return new StorageBenchResult(BLOCK, snapshotMillis, delta.millis, delta.extents, delta.bytes, write,
                    writeCow, rawWrite, snapshotRead, rawRead);
        } finally {
            empty();
            Files.deleteIfExists(dir);
        }
    }

    private Volume create(VolumeStore store, String id, long size) throws IOException {
        return store.create(new CreateVolume(id, size, BLOCK, VolumeRole.PRIMARY));
    }

    /** Median time of a snapshot after 1% of the volume's blocks were written at random. */
    private double snapshotMillis(Volume volume) throws IOException {
        out.printf("   %s volume: %d rounds of 1%% scattered writes, then a snapshot%n",
                label(volume.geometry().sizeBytes()), ROUNDS);
        double[] millis = new double[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            writeParallel(volume, randomBlocks(volume.geometry().sizeBytes(),
                    (int) (volume.geometry().blockCount() * CHANGE)));
            long start = System.nanoTime();
            volume.snapshot();
            millis[round] = (System.nanoTime() - start) / 1e6;
        }
        return median(millis);
    }

    private record DeltaFigures(double millis, long extents, long bytes) {
    }

    /** Median time to find the changed blocks between neighbouring snapshots and turn them into extents. */
    private DeltaFigures deltaMillis(Volume volume) throws IOException {
        List<Long> numbers = volume.snapshots().stream().map(s -> s.number()).toList();
        double[] millis = new double[numbers.size() - 1];
        List<Extent> extents = List.of();
        for (int i = 1; i < numbers.size(); i++) {
            long start = System.nanoTime();
            RoaringBitmap changed = volume.delta(numbers.get(i - 1), numbers.get(i)).blocks();
            extents = ExtentPages.all(changed, volume.geometry());
            millis[i - 1] = (System.nanoTime() - start) / 1e6;
        }
        return new DeltaFigures(median(millis), extents.size(), extents.stream().mapToLong(Extent::length).sum());
    }

    private void writeAll(Volume volume, int[] blocks) {
        try {
            for (int block : blocks) {
                volume.write((long) block * BLOCK, payload.duplicate());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Setup writes, not measured: four writers, so that the store's batched syncs keep them quick. */
    private void writeParallel(Volume volume, int[] blocks) {
        IntStream.range(0, 4).parallel().forEach(part -> writeAll(volume,
                IntStream.range(0, blocks.length).filter(i -> i % 4 == part).map(i -> blocks[i]).toArray()));
    }

    private double rawWrite(Path file, int[] blocks) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(1), smallVolume - 1);
            return mbps(blocks.length * (long) BLOCK, () -> {
                try {
                    for (int block : blocks) {
                        ByteBuffer data = payload.duplicate();
                        long offset = (long) block * BLOCK;
                        while (data.hasRemaining()) {
                            offset += channel.write(data, offset);
                        }
                        channel.force(false);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private void readSnapshot(Volume volume, long snapshot, List<Extent> extents) {
        try {
            for (Extent extent : extents) {
                for (long offset = extent.offset(); offset < extent.end(); offset += BLOCK) {
                    volume.readSnapshot(snapshot, offset, (int) Math.min(BLOCK, extent.end() - offset));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private double rawRead(Path file, List<Extent> extents, long bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return mbps(bytes, () -> {
                try {
                    for (Extent extent : extents) {
                        for (long offset = extent.offset(); offset < extent.end(); offset += BLOCK) {
                            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(BLOCK, extent.end() - offset));
                            while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) >= 0) {
                                continue;
                            }
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** Distinct random blocks of a volume of {@code size} bytes, in random order. */
    private int[] randomBlocks(long size, int count) {
        int blockCount = (int) (size / BLOCK);
        int[] blocks = random.ints(0, blockCount).distinct().limit(Math.min(count, blockCount)).toArray();
        return blocks.length == 0 ? new int[] {0} : blocks;
    }

    private static double mbps(long bytes, Runnable work) {
        long start = System.nanoTime();
        work.run();
        return bytes / 1e6 / ((System.nanoTime() - start) / 1e9);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
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
}
