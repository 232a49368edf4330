package io.datamover.blockstore.storage;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import io.datamover.blockstore.domain.Geometry;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.roaringbitmap.PeekableIntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * The block content of a volume: the live file and each snapshot's copy-on-write file, where a block sits at its
 * own volume offset, each with a sums file holding a checksum per sector ({@link SectorSums}). Every data file is
 * as long as the volume, sparse, so that a block never written lies inside it as a hole (a caller reading a file
 * itself finds it there). Positional reads and writes, and syncs, may run concurrently; deleting files is guarded
 * by the volume's locks.
 *
 * <p>Sums are written with their data but synced only by {@link #syncSums()} and {@link #syncPreserved(long)}:
 * after an unclean stop, the volume recomputes the sums of the blocks that were being written
 * ({@link #resumLive}, {@link #resumPreserved}).
 */
final class BlockFiles implements Closeable {

    private static final int COPY_BUFFER = 1024 * 1024;
    /** Copies of runs of blocks under way at once, for every volume of the store. */
    static final int COPY_THREADS = 8;
    private static final ExecutorService COPIES = Executors.newFixedThreadPool(COPY_THREADS, task -> {
        Thread thread = new Thread(task, "block-copy");
        thread.setDaemon(true);
        return thread;
    });

    private final VolumeLayout layout;
    private final Geometry geometry;
    private final SummedFile live;
    private final Map<Long, SummedFile> cows = new ConcurrentHashMap<>();

    private BlockFiles(VolumeLayout layout, Geometry geometry, SummedFile live) {
        this.layout = layout;
        this.geometry = geometry;
        this.live = live;
    }

    /** Creates the live file and its sums, sparse: all zeros, whose sums match. */
    static BlockFiles create(VolumeLayout layout, Geometry geometry) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(layout.data().toFile(), "rw")) {
            file.setLength(geometry.sizeBytes());
        }
        Files.deleteIfExists(layout.dataSums());
        return open(layout, geometry);
    }

    static BlockFiles open(VolumeLayout layout, Geometry geometry) throws IOException {
        return new BlockFiles(layout, geometry, SummedFile.open(layout.data(), layout.dataSums()));
    }

    /** Writes whole sectors to the live file and their sums. */
    void writeLive(long offset, ByteBuffer data) throws IOException {
        live.write(offset, data);
    }

    /**
     * Writes whole sectors to the live file past the page cache ({@link DirectIo}), and their sums: for bulk
     * writes nothing reads back soon, a delta applied to a replica. Buffered where the file system refuses direct
     * I/O. Synced as {@link #writeLive} is.
     */
    void writeLiveDirect(long offset, ByteBuffer data) throws IOException {
        live.writeDirect(offset, data);
    }

    void readLive(long offset, ByteBuffer into) throws IOException {
        readFully(live.data, into, offset);
    }

    /** Reads from the live file past the page cache ({@link DirectIo}), for reads of everything once: verify. */
    void readLiveDirect(long offset, ByteBuffer into) throws IOException {
        live.readDirect(offset, into);
    }

    void readPreserved(long snapshot, long offset, ByteBuffer into) throws IOException {
        readFully(cow(snapshot).data, into, offset);
    }

    /** The stored sums of the sectors of bytes {@code [offset, offset + length)} of the live file. */
    ByteBuffer liveSums(long offset, int length) throws IOException {
        return live.sums(offset, length);
    }

    /** The stored sums of the sectors of bytes {@code [offset, offset + length)} of snapshot's copy-on-write file. */
    ByteBuffer preservedSums(long snapshot, long offset, int length) throws IOException {
        return cow(snapshot).sums(offset, length);
    }

    /** Copies the live content of {@code blocks}, and their sums, into the copy-on-write file of {@code snapshot}. */
    void preserve(long snapshot, RoaringBitmap blocks) throws IOException {
        copy(live, cow(snapshot), blocks);
    }

    /** Copies {@code blocks}, and their sums, from the copy-on-write file of {@code from} into that of {@code to}. */
    void move(long from, long to, RoaringBitmap blocks) throws IOException {
        copy(cow(from), cow(to), blocks);
    }

    /** Recomputes the sums of {@code blocks} of the live file from their content. */
    void resumLive(RoaringBitmap blocks) throws IOException {
        resum(live, blocks);
    }

    /** Recomputes the sums of {@code blocks} of the copy-on-write file of {@code snapshot} from their content. */
    void resumPreserved(long snapshot, RoaringBitmap blocks) throws IOException {
        resum(cow(snapshot), blocks);
    }

    /** Syncs the live data, not its sums. */
    void syncLive() throws IOException {
        live.data.force(false);
    }

    /** Syncs a copy-on-write file and its sums. */
    void syncPreserved(long snapshot) throws IOException {
        SummedFile cow = cows.get(snapshot);
        if (cow != null) {
            cow.data.force(false);
            cow.sums.force(false);
        }
    }

    /** Syncs the data of the copy-on-write files, not their sums. */
    void syncCows() throws IOException {
        for (SummedFile cow : cows.values()) {
            cow.data.force(false);
        }
    }

    /** Syncs every sums file. */
    void syncSums() throws IOException {
        live.sums.force(false);
        for (SummedFile cow : cows.values()) {
            cow.sums.force(false);
        }
    }

    void deletePreserved(long snapshot) throws IOException {
        SummedFile cow = cows.remove(snapshot);
        if (cow != null) {
            cow.close();
        }
        Files.deleteIfExists(layout.cow(snapshot));
        Files.deleteIfExists(layout.cowSums(snapshot));
    }

    @Override
    public void close() throws IOException {
        for (SummedFile cow : cows.values()) {
            cow.close();
        }
        cows.clear();
        live.close();
    }

    private SummedFile cow(long snapshot) throws IOException {
        SummedFile cow = cows.get(snapshot);
        return cow != null ? cow : openCow(snapshot);
    }

    /**
     * Opens a copy-on-write file, created or extended to the volume's size, sparse (one written before the files
     * were as long as the volume ended at its last copied block). Readers sharing the volume's lock may ask for the
     * same file at once: one opens it.
     */
    private synchronized SummedFile openCow(long snapshot) throws IOException {
        SummedFile cow = cows.get(snapshot);
        if (cow == null) {
            try (RandomAccessFile file = new RandomAccessFile(layout.cow(snapshot).toFile(), "rw")) {
                if (file.length() < geometry.sizeBytes()) {
                    file.setLength(geometry.sizeBytes());
                }
            }
            cow = SummedFile.open(layout.cow(snapshot), layout.cowSums(snapshot));
            cows.put(snapshot, cow);
        }
        return cow;
    }

    /**
     * Copies blocks and their sums; the data past the page cache where both files allow it ({@link DirectIo}).
     * Runs of blocks are copied {@link #COPY_THREADS} at a time: scattered blocks then wait for the device together
     * rather than one after the other.
     */
    private void copy(SummedFile from, SummedFile to, RoaringBitmap blocks) throws IOException {
        List<long[]> runs = new ArrayList<>();
        forEachRun(blocks, (position, end) -> runs.add(new long[] {position, end}));
        if (runs.size() == 1) {
            copyRun(from, to, runs.get(0)[0], runs.get(0)[1]);
            return;
        }
        List<Callable<Void>> tasks = new ArrayList<>(runs.size());
        for (long[] run : runs) {
            tasks.add(() -> {
                copyRun(from, to, run[0], run[1]);
                return null;
            });
        }
        runAll(tasks, "copying blocks aside");
    }

    /** Runs {@code tasks} on the I/O threads and waits for all; the first failure is thrown, the others added. */
    static void runAll(List<Callable<Void>> tasks, String what) throws IOException {
        List<Future<Void>> running = new ArrayList<>(tasks.size());
        for (Callable<Void> task : tasks) {
            running.add(COPIES.submit(task));
        }
        IOException failed = null;
        for (Future<Void> task : running) {
            try {
                task.get();
            } catch (ExecutionException e) {
                IOException cause = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                if (failed == null) {
                    failed = cause;
                } else {
                    failed.addSuppressed(cause);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while " + what);
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    private void copyRun(SummedFile from, SummedFile to, long position, long end) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(Math.max(COPY_BUFFER, geometry.blockSize()),
                Math.max(end - position, SectorSums.positionOf(end) - SectorSums.positionOf(position))));
        if (from.direct() != null && to.direct() != null && from.direct().fits(position, 0)
                && from.direct().fits(end, 0)) {
            copyRangeDirect(from.direct(), to.direct(), buffer, position, end);
        } else {
            copyRange(from.data, to.data, buffer, position, end);
        }
        copyRange(from.sums, to.sums, buffer, SectorSums.positionOf(position), SectorSums.positionOf(end));
    }

    private static void copyRangeDirect(DirectIo from, DirectIo to, ByteBuffer buffer, long position, long end)
            throws IOException {
        for (long at = position; at < end; at += buffer.limit()) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), end - at));
            from.read(at, buffer);
            to.write(at, buffer.flip());
        }
    }

    private void resum(SummedFile file, RoaringBitmap blocks) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(Math.max(COPY_BUFFER, geometry.blockSize()));
        forEachRun(blocks, (position, end) -> {
            for (long at = position; at < end; at += buffer.limit()) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), end - at));
                readFully(file.data, buffer, at);
                buffer.flip();
                writeFully(file.sums, SectorSums.of(buffer), SectorSums.positionOf(at));
            }
        });
    }

    /** Calls {@code action} with the byte range of each run of consecutive blocks. */
    private void forEachRun(RoaringBitmap blocks, RangeAction action) throws IOException {
        PeekableIntIterator it = blocks.getIntIterator();
        while (it.hasNext()) {
            int first = it.next();
            int last = first;
            while (it.hasNext() && it.peekNext() == last + 1) {
                last = it.next();
            }
            action.run(geometry.offsetOf(first), geometry.offsetOf(last) + geometry.blockSize());
        }
    }

    private static void copyRange(FileChannel from, FileChannel to, ByteBuffer buffer, long position, long end)
            throws IOException {
        for (long at = position; at < end; at += buffer.limit()) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), end - at));
            readFully(from, buffer, at);
            buffer.flip();
            writeFully(to, buffer, at);
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

    private interface RangeAction {
        void run(long position, long end) throws IOException;
    }

    /** A data file and its sums file. */
    private record SummedFile(FileChannel data, DirectIo direct, FileChannel sums) implements Closeable {

        /** Opens an existing data file and its sums, created if absent (a hole reads as sums of zeros). */
        static SummedFile open(Path data, Path sums) throws IOException {
            return new SummedFile(FileChannel.open(data, READ, WRITE), DirectIo.open(data),
                    FileChannel.open(sums, READ, WRITE, CREATE));
        }

        void write(long offset, ByteBuffer bytes) throws IOException {
            ByteBuffer sectorSums = SectorSums.of(bytes);
            writeFully(data, bytes, offset);
            writeFully(sums, sectorSums, SectorSums.positionOf(offset));
        }

        void readDirect(long offset, ByteBuffer into) throws IOException {
            if (direct == null || !direct.fits(offset, into.remaining())) {
                readFully(data, into, offset);
            } else {
                direct.read(offset, into);
            }
        }

        void writeDirect(long offset, ByteBuffer bytes) throws IOException {
            if (direct == null || !direct.fits(offset, bytes.remaining())) {
                write(offset, bytes);
                return;
            }
            ByteBuffer sectorSums = SectorSums.of(bytes);
            direct.write(offset, bytes);
            writeFully(sums, sectorSums, SectorSums.positionOf(offset));
        }

        ByteBuffer sums(long offset, int length) throws IOException {
            long first = SectorSums.positionOf(offset);
            long end = SectorSums.positionOf(offset + length + Geometry.SECTOR_SIZE - 1);
            ByteBuffer stored = ByteBuffer.allocate((int) (end - first));
            readFully(sums, stored, first);
            return stored.flip();
        }

        @Override
        public void close() throws IOException {
            data.close();
            if (direct != null) {
                direct.close();
            }
            sums.close();
        }
    }
}
