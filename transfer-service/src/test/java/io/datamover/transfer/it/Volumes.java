package io.datamover.transfer.it;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.DeltaFormat;
import io.datamover.events.BlocksChanged;
import io.datamover.events.ChangeMethod;
import io.datamover.events.Extent;
import io.datamover.events.SnapshotTaken;
import io.datamover.transfer.domain.Checksums;
import io.datamover.transfer.domain.Chunk;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;

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
        return SnapshotTaken.of("stockholm", volumeId, snapshot, base, VOLUME_BYTES, BLOCK_SIZE, List.of(targets));
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
        return Checksums.crc32c(body);
    }
}
