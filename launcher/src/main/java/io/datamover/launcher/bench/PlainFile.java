package io.datamover.launcher.bench;

import io.datamover.events.Extent;
import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The baseline: a sparse file of a volume's size, created as the store creates its live file, with plain
 * positional I/O in 64 KiB pieces ({@link FileChannel#force(boolean) force(false)} is fdatasync).
 */
final class PlainFile implements Closeable {

    private final int blockSize;
    private final FileChannel channel;

    private PlainFile(int blockSize, FileChannel channel) {
        this.blockSize = blockSize;
        this.channel = channel;
    }

    static PlainFile create(Path path, long size, int blockSize) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
            file.setLength(size);
        }
        return new PlainFile(blockSize, FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE));
    }

    /** Writes {@code data} at each block, each write durable before the next starts, as a store write is. */
    void writeEachDurably(int[] blocks, ByteBuffer data) throws IOException {
        for (int block : blocks) {
            write(block, data);
            channel.force(false);
        }
    }

    /** Writes {@code data} at each block, then makes them all durable at once, as a delta's applier may. */
    void writeAllThenSync(int[] blocks, ByteBuffer data) throws IOException {
        for (int block : blocks) {
            write(block, data);
        }
        channel.force(false);
    }

    void read(List<Extent> extents) throws IOException {
        for (Extent extent : extents) {
            for (long offset = extent.offset(); offset < extent.end(); offset += blockSize) {
                ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(blockSize, extent.end() - offset));
                while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) >= 0) {
                    continue;
                }
            }
        }
    }

    private void write(int block, ByteBuffer data) throws IOException {
        ByteBuffer remaining = data.duplicate();
        long offset = (long) block * blockSize;
        while (remaining.hasRemaining()) {
            offset += channel.write(remaining, offset);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
