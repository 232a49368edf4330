package io.datamover.transfer.it;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.DeltaFormat;
import io.datamover.events.BlocksChanged;
import io.datamover.events.ChangeMethod;
import io.datamover.events.Extent;
import io.datamover.events.SnapshotTaken;
import io.datamover.transfer.domain.ChunkSums;
import io.datamover.transfer.domain.Chunk;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** Test data: volume ids, random content, changed-set pages and chunks framed as the source would. */
final class Volumes {

    static final long MIB = 1024 * 1024;
    static final long VOLUME_BYTES = 8 * MIB;
    static final int BLOCK_SIZE = 65536;

    private static final Random RANDOM = new Random();

    private Volumes() {
    }

    static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Writes random bytes over the extent of the live volume. */
    static void fill(BlockStoreClient store, String volumeId, Extent extent) {
        byte[] data = new byte[Math.toIntExact(extent.length())];
        RANDOM.nextBytes(data);
        store.write(volumeId, extent.offset(), data);
    }

    static SnapshotTaken snapshotTaken(String volumeId, long snapshot, Long base, String... targets) {
        return snapshotTaken(volumeId, VOLUME_BYTES, snapshot, base, targets);
    }

    static SnapshotTaken snapshotTaken(String volumeId, long volumeBytes, long snapshot, Long base,
            String... targets) {
        return SnapshotTaken.of("stockholm", volumeId, snapshot, base, volumeBytes, BLOCK_SIZE, List.of(targets));
    }

    /** Writes text-like bytes, which zstd shrinks to a fraction, over the extent of the live volume. */
    static void fillCompressible(BlockStoreClient store, String volumeId, Extent extent) {
        byte[] line = ("volume " + volumeId + " holds log lines like this one, over and over; ")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] data = new byte[Math.toIntExact(extent.length())];
        for (int i = 0; i < data.length; i++) {
            data[i] = i % 4096 == 0 ? (byte) RANDOM.nextInt() : line[i % line.length];
        }
        store.write(volumeId, extent.offset(), data);
    }

    /** Writes random bytes over the extent of the live volume, 16 MiB per request. */
    static void fillLarge(BlockStoreClient store, String volumeId, Extent extent) {
        long piece = 16 * MIB;
        for (long offset = extent.offset(); offset < extent.end(); offset += piece) {
            fill(store, volumeId, new Extent(offset, Math.min(piece, extent.end() - offset)));
        }
    }

    /** The Content-Encoding of each PUT of the delta's chunks the target received, from its log. */
    static List<String> chunkEncodingsReceived(Path targetLog, String volumeId, long snapshot) {
        Pattern received = Pattern.compile("received chunk \\d+ of volume " + Pattern.quote(volumeId)
                + " snapshot " + snapshot + " .* encoding (\\S+)");
        try (Stream<String> lines = Files.lines(targetLog)) {
            return lines.map(received::matcher).filter(Matcher::find).map(m -> m.group(1)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + targetLog, e);
        }
    }

    /** How many PUTs of each chunk of the delta the target received, from its log. */
    static Map<Integer, Long> chunkPutsReceived(Path targetLog, String volumeId, long snapshot) {
        Pattern received = Pattern.compile("received chunk (\\d+) of volume " + Pattern.quote(volumeId)
                + " snapshot " + snapshot + " ");
        try (Stream<String> lines = Files.lines(targetLog)) {
            return lines.map(received::matcher).filter(Matcher::find)
                    .collect(Collectors.groupingBy(m -> Integer.parseInt(m.group(1)), TreeMap::new,
                            Collectors.counting()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + targetLog, e);
        }
    }

    /** Chunk files staged for the delta at the target. */
    static long chunksStaged(Path targetDataDir, String volumeId, long snapshot) {
        Path dir = targetDataDir.resolve("staging").resolve(volumeId).resolve(Long.toString(snapshot));
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("chunk-\\d+")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** One page per extent, as cbt-service pages a large changed set. */
    static List<BlocksChanged> pages(SnapshotTaken snapshot, List<Extent> extents) {
        ChangeMethod method = snapshot.baseSnapshot() == null ? ChangeMethod.FULL : ChangeMethod.CBT;
        long changed = extents.stream().mapToLong(Extent::length).sum();
        if (extents.isEmpty()) {
            return List.of(BlocksChanged.page(snapshot, method, snapshot.baseSnapshot(), 0, 1, 0, List.of()));
        }
        return IntStream.range(0, extents.size())
                .mapToObj(i -> BlocksChanged.page(snapshot, method, snapshot.baseSnapshot(), i, extents.size(),
                        changed, List.of(extents.get(i))))
                .toList();
    }

    /** The chunk framed from the source snapshot, as the source's transfer-service sends it. */
    static byte[] frame(BlockStoreClient store, String volumeId, long snapshot, Chunk chunk) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DeltaFormat.Writer writer = DeltaFormat.writer(out);
        try {
            for (Extent extent : chunk.extents()) {
                writer.write(extent.offset(),
                        store.readSnapshot(volumeId, snapshot, extent.offset(), Math.toIntExact(extent.length())));
            }
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String checksum(byte[] body) {
        return ChunkSums.of(body).checksum();
    }
}
