package io.datamover.blockstore.storage;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import io.datamover.blockstore.domain.Geometry;
import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.roaringbitmap.PeekableIntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * The block content of a volume: the live file and each snapshot's copy-on-write file, where a block sits at its
 * own volume offset. Positional reads and writes, and syncs, may run concurrently; opening and deleting files is
 * guarded by the volume's locks.
 */
final class BlockFiles implements Closeable {

    private static final int COPY_BUFFER = 1024 * 1024;

    private final VolumeLayout layout;
    private final Geometry geometry;
    private final FileChannel live;
    private final Map<Long, FileChannel> cows = new ConcurrentHashMap<>();

    private BlockFiles(VolumeLayout layout, Geometry geometry, FileChannel live) {
        this.layout = layout;
        this.geometry = geometry;
        this.live = live;
    }

    /** Creates the live file, sparse, all zeros. */
    static BlockFiles create(VolumeLayout layout, Geometry geometry) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(layout.data().toFile(), "rw")) {
            file.setLength(geometry.sizeBytes());
        }
        return open(layout, geometry);
    }

    static BlockFiles open(VolumeLayout layout, Geometry geometry) throws IOException {
        return new BlockFiles(layout, geometry, FileChannel.open(layout.data(), READ, WRITE));
    }

    void writeLive(long offset, ByteBuffer data) throws IOException {
        writeFully(live, data, offset);
    }

    void readLive(long offset, ByteBuffer into) throws IOException {
        readFully(live, into, offset);
    }

    void readPreserved(long snapshot, long offset, ByteBuffer into) throws IOException {
        readFully(cow(snapshot), into, offset);
    }

    /** Copies the live content of {@code blocks} into the copy-on-write file of {@code snapshot}. */
    void preserve(long snapshot, RoaringBitmap blocks) throws IOException {
        copy(live, cow(snapshot), blocks);
    }

    /** Copies {@code blocks} from the copy-on-write file of {@code from} into that of {@code to}. */
    void move(long from, long to, RoaringBitmap blocks) throws IOException {
        copy(cow(from), cow(to), blocks);
    }

    void syncLive() throws IOException {
        live.force(false);
    }

    void syncPreserved(long snapshot) throws IOException {
        FileChannel cow = cows.get(snapshot);
        if (cow != null) {
            cow.force(false);
        }
    }

    void syncCows() throws IOException {
        for (FileChannel cow : cows.values()) {
            cow.force(false);
        }
    }

    void deletePreserved(long snapshot) throws IOException {
        FileChannel cow = cows.remove(snapshot);
        if (cow != null) {
            cow.close();
        }
        Files.deleteIfExists(layout.cow(snapshot));
    }

    @Override
    public void close() throws IOException {
        for (FileChannel cow : cows.values()) {
            cow.close();
        }
        cows.clear();
        live.close();
    }

    private FileChannel cow(long snapshot) throws IOException {
        FileChannel cow = cows.get(snapshot);
        if (cow == null) {
            cow = Files.exists(layout.cow(snapshot))
                    ? FileChannel.open(layout.cow(snapshot), READ, WRITE)
                    : FileChannel.open(layout.cow(snapshot), READ, WRITE, CREATE, CREATE_NEW);
            cows.put(snapshot, cow);
        }
        return cow;
    }

    private void copy(FileChannel from, FileChannel to, RoaringBitmap blocks) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(Math.max(COPY_BUFFER, geometry.blockSize()));
        PeekableIntIterator it = blocks.getIntIterator();
        while (it.hasNext()) {
            int first = it.next();
            int last = first;
            while (it.hasNext() && it.peekNext() == last + 1) {
                last = it.next();
            }
            long position = geometry.offsetOf(first);
            long end = geometry.offsetOf(last) + geometry.blockSize();
            while (position < end) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
                readFully(from, buffer, position);
                buffer.flip();
                writeFully(to, buffer, position);
                position += buffer.limit();
            }
        }
    }

    /** Reads until {@code into} is full; bytes past the end of the file read as zeros (sparse files). */
    private static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int read = channel.read(into, at);
            if (read < 0) {
                while (into.hasRemaining()) {
                    into.put((byte) 0);
                }
                return;
            }
            at += read;
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer data, long position) throws IOException {
        long at = position;
        while (data.hasRemaining()) {
            at += channel.write(data, at);
        }
    }
}
