package io.datamover.blockstore.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The intent log with group commit: appends, and syncs shared by concurrent writers ({@link GroupSync}), each of
 * which syncs the copy-on-write files and then the log. The bytes of a journaled write ({@link IntentLog#DATA}) go
 * to the live file once its record is durable, written by the thread that ran the sync, in the order of the
 * records: the live file goes through the states that a replay of the log takes it through, even when concurrent
 * writes overlap. Appends are serialised by the caller (the volume's tracking lock).
 */
final class Journal implements Closeable {

    private final IntentLog log;
    private final GroupSync sync;
    /** The live writes of journaled records, in log order, not written yet; guarded by itself. */
    private final Deque<LiveWrite> unwritten = new ArrayDeque<>();

    Journal(IntentLog log, BlockFiles files) {
        this.log = log;
        this.sync = new GroupSync(() -> {
            int durable = unwrittenCount();
            files.syncCows();
            log.force();
            writeLive(files, durable);
        });
    }

    /** Whether a record with {@code dataBytes} bytes of data fits before the log is emptied. */
    boolean fits(int dataBytes) {
        return log.fits(dataBytes);
    }

    /** Records that bytes {@code [offset, offset + length)} are written in place; returns the ticket to await. */
    long appendBlocks(long epoch, long offset, int length) throws IOException {
        log.appendBlocks(epoch, offset, length);
        return sync.issue();
    }

    /** Journals a write of the remaining bytes of {@code data}, unmoved; returns the ticket to await. */
    long appendData(long epoch, long offset, ByteBuffer data) throws IOException {
        ByteBuffer copy = log.appendData(epoch, offset, data);
        synchronized (unwritten) {
            unwritten.add(new LiveWrite(offset, copy));
        }
        return sync.issue();
    }

    /** The latest ticket: awaiting it waits for everything appended so far. */
    long lastTicket() {
        return sync.lastIssued();
    }

    /**
     * Returns once everything appended before {@code ticket} was issued is durable, with the copy-on-write copies
     * made before it, and the bytes of its journaled writes are in the live file (not synced).
     */
    void await(long ticket) throws IOException {
        sync.await(ticket);
    }

    /** Empties the log, once what it records is durable elsewhere. */
    void clear() throws IOException {
        log.clear();
    }

    @Override
    public void close() throws IOException {
        log.close();
    }

    private int unwrittenCount() {
        synchronized (unwritten) {
            return unwritten.size();
        }
    }

    /** Writes the first {@code count} unwritten live writes, whose records are durable. Only the sync calls it. */
    private void writeLive(BlockFiles files, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            LiveWrite next;
            synchronized (unwritten) {
                next = unwritten.peek();
            }
            files.writeLive(next.offset(), next.data().duplicate());
            synchronized (unwritten) {
                unwritten.poll();
            }
        }
    }

    private record LiveWrite(long offset, ByteBuffer data) {
    }
}
