package io.datamover.blockstore.storage;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The writes of the open epoch since the last checkpoint, appended before the live blocks are overwritten and
 * fsynced before they are, so an unclean stop loses none of them. A record has a 28-byte header
 * {@code int32 kind, int32 length, int64 epoch, int64 offset, int32 CRC32C}: the volume bytes
 * {@code [offset, offset + length)} were written while the volume's last snapshot number was {@code epoch}. A
 * {@link #BLOCKS} record says no more: the bytes went to the live file, which is synced before anything of them is
 * acknowledged. A {@link #DATA} record carries the written bytes after its header (a journaled write): once the
 * record is durable the write is, and the replay writes them into the live file again. The checksum covers the
 * generation, the header before it and the data.
 *
 * <p>The file is preallocated to {@link #CAPACITY} bytes of records and written in place, so that syncing an append
 * writes no file size or extent metadata. It never grows: when a record does not fit, the volume checkpoints and
 * empties it. Emptying it bumps a generation, kept in two header slots written in turn: the records of an earlier
 * generation no longer check, and the replay ends at the first record that does not (a torn append, or the
 * records of an earlier use of the file).
 */
final class IntentLog implements Closeable {

    /** The bytes of records the file holds. */
    static final int CAPACITY = 16 * 1024 * 1024;
    /** The most data bytes one {@link #DATA} record carries: a longer write takes several. */
    static final int MAX_DATA = 1024 * 1024;
    static final int HEADER_BYTES = 28;
    /** Blocks written in place: the record has no data. */
    static final int BLOCKS = 1;
    /** A journaled write: its bytes follow the header. */
    static final int DATA = 2;
    private static final int CHECKSUMMED_HEADER = 24;
    private static final int SLOT_BYTES = 20;
    private static final int HEADER_SLOTS = 2;
    /** Where the first record starts in the file, after the header slots. */
    static final long FIRST_RECORD = (long) HEADER_SLOTS * SLOT_BYTES;
    private static final long HEADER_MAGIC = 0x646d2d6a6e6cL;

    private final FileChannel channel;
    private long generation;
    /** The bytes of records of this generation. */
    private long size;

    private IntentLog(FileChannel channel, long generation) {
        this.channel = channel;
        this.generation = generation;
    }

    /** Opens the log, preallocating it; appends go after the last record that checks. */
    static IntentLog open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, CREATE, READ, WRITE);
        long generation = -1;
        ByteBuffer slot = ByteBuffer.allocate(SLOT_BYTES);
        for (int i = 0; i < HEADER_SLOTS; i++) {
            if (readFully(channel, (long) i * SLOT_BYTES, slot.clear()) && slot.getLong(0) == HEADER_MAGIC
                    && slotChecksum(slot) == slot.getInt(16)) {
                generation = Math.max(generation, slot.getInt(8) & 0xffffffffL);
            }
        }
        IntentLog log = new IntentLog(channel, generation);
        log.preallocate();
        if (generation < 0) {
            log.startGeneration(0);
        }
        for (Record record = log.read(0); record != null; record = log.read(record.end())) {
            log.size = record.end();
        }
        return log;
    }

    /**
     * Calls {@code replay} with each record of {@code epoch}, in order; the records of other epochs are in the
     * bitmap files and the live file already.
     */
    void replay(long epoch, Replay replay) throws IOException {
        for (long position = 0; position < size; ) {
            Record record = read(position);
            if (record.epoch() == epoch) {
                replay.logged(record.offset(), record.length(), record.data());
            }
            position = record.end();
        }
    }

    /** Whether a record with {@code dataBytes} bytes of data fits before the log is emptied. */
    boolean fits(int dataBytes) {
        return size + HEADER_BYTES + dataBytes <= CAPACITY;
    }

    /** Appends a {@link #BLOCKS} record, unsynced: {@link #force()} makes it durable. */
    void appendBlocks(long epoch, long offset, int length) throws IOException {
        append(record(BLOCKS, epoch, offset, length, 0));
    }

    /**
     * Appends a {@link #DATA} record carrying the remaining bytes of {@code data}, unsynced; {@code data} is unmoved.
     *
     * @return the record's copy of the bytes
     */
    ByteBuffer appendData(long epoch, long offset, ByteBuffer data) throws IOException {
        ByteBuffer record = record(DATA, epoch, offset, data.remaining(), data.remaining());
        record.put(HEADER_BYTES, data, data.position(), data.remaining());
        append(record);
        return record.slice(HEADER_BYTES, data.remaining());
    }

    void force() throws IOException {
        channel.force(false);
    }

    /** Empties the log, once what its records say is durable elsewhere. */
    void clear() throws IOException {
        startGeneration(generation + 1);
        size = 0;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static ByteBuffer record(int kind, long epoch, long offset, int length, int dataBytes) {
        return ByteBuffer.allocate(HEADER_BYTES + dataBytes).putInt(kind).putInt(length).putLong(epoch)
                .putLong(offset).rewind();
    }

    private void append(ByteBuffer record) throws IOException {
        if (!fits(record.capacity() - HEADER_BYTES)) {
            throw new IllegalStateException("an intent log record of " + record.capacity() + " bytes does not fit"
                    + " after " + size + " bytes: the log must be emptied first");
        }
        record.putInt(CHECKSUMMED_HEADER, checksum(record, generation));
        long at = FIRST_RECORD + size;
        size += record.capacity();
        writeFully(record, at);
    }

    /** The record at {@code position} of this generation, null where the records end. */
    private Record read(long position) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        if (position + HEADER_BYTES > CAPACITY || !readFully(channel, FIRST_RECORD + position, header)) {
            return null;
        }
        int kind = header.getInt(0);
        int length = header.getInt(4);
        int dataBytes = kind == DATA ? length : 0;
        if (kind != BLOCKS && kind != DATA || length <= 0 || position + HEADER_BYTES + dataBytes > CAPACITY) {
            return null;
        }
        ByteBuffer record = ByteBuffer.allocate(HEADER_BYTES + dataBytes).put(header.rewind());
        if (!readFully(channel, FIRST_RECORD + position + HEADER_BYTES, record)
                || checksum(record, generation) != record.getInt(CHECKSUMMED_HEADER)) {
            return null;
        }
        return new Record(position, record);
    }

    private void preallocate() throws IOException {
        long end = FIRST_RECORD + CAPACITY;
        ByteBuffer zeros = ByteBuffer.allocate(64 * 1024);
        for (long at = channel.size(); at < end; at += zeros.limit()) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), end - at));
            writeFully(zeros, at);
        }
    }

    private void startGeneration(long next) throws IOException {
        ByteBuffer slot = ByteBuffer.allocate(SLOT_BYTES);
        slot.putLong(HEADER_MAGIC).putInt((int) next).putInt(0);
        slot.putInt(slotChecksum(slot));
        writeFully(slot.flip(), (next % HEADER_SLOTS) * SLOT_BYTES);
        channel.force(false);
        generation = next;
    }

    private void writeFully(ByteBuffer bytes, long position) throws IOException {
        long at = position;
        while (bytes.hasRemaining()) {
            at += channel.write(bytes, at);
        }
    }

    /** Fills {@code into} from its position on; false if the file ends first. */
    private static boolean readFully(FileChannel channel, long position, ByteBuffer into) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int read = channel.read(into, at);
            if (read < 0) {
                return false;
            }
            at += read;
        }
        return true;
    }

    /** The CRC32C of the generation, the header up to its checksum, and the data after it. */
    private static int checksum(ByteBuffer record, long generation) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(Long.BYTES).putLong(0, generation));
        crc.update(record.array(), 0, CHECKSUMMED_HEADER);
        crc.update(record.array(), HEADER_BYTES, record.capacity() - HEADER_BYTES);
        return (int) crc.getValue();
    }

    /** The CRC32C of generation 0 and the 16 bytes of a header slot before its checksum. */
    private static int slotChecksum(ByteBuffer slot) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(Long.BYTES));
        crc.update(slot.array(), 0, 16);
        return (int) crc.getValue();
    }

    /** Called with each record replayed: {@code data} holds the journaled bytes, null for a {@link #BLOCKS} record. */
    interface Replay {
        void logged(long offset, int length, ByteBuffer data) throws IOException;
    }

    /** A record that checks, read whole, at {@code position} bytes after the first. */
    private record Record(long position, ByteBuffer bytes) {

        long end() {
            return position + bytes.capacity();
        }

        long epoch() {
            return bytes.getLong(8);
        }

        long offset() {
            return bytes.getLong(16);
        }

        int length() {
            return bytes.getInt(4);
        }

        ByteBuffer data() {
            return bytes.getInt(0) == DATA ? bytes.slice(HEADER_BYTES, length()) : null;
        }
    }
}
