package io.datamover.launcher.bench;

import io.datamover.blockstore.api.BlockStoreClient;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A snapshot's content exported to a plain file, read through the block store's HTTP API. */
final class SnapshotFile {

    private static final int READ = 16 << 20;

    private SnapshotFile() {
    }

    /** Writes the whole of {@code snapshot} of the volume to {@code file}, replacing what was there. */
    static void export(BlockStoreClient store, String volumeId, long snapshot, long volumeBytes, Path file)
            throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long offset = 0; offset < volumeBytes; offset += READ) {
                int length = (int) Math.min(READ, volumeBytes - offset);
                ByteBuffer data = ByteBuffer.wrap(store.readSnapshot(volumeId, snapshot, offset, length));
                if (data.remaining() != length) {
                    throw new IOException("snapshot " + snapshot + " of " + volumeId + " gave " + data.remaining()
                            + " bytes at offset " + offset + ", asked for " + length);
                }
                while (data.hasRemaining()) {
                    channel.write(data, offset + data.position());
                }
            }
        }
    }
}
