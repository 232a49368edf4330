package io.datamover.blockstore.storage;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import io.datamover.blockstore.domain.Geometry;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import org.roaringbitmap.RoaringBitmap;

/**
 * The open epoch's written blocks, appended before the live blocks are overwritten and fsynced with them, so an
 * unclean stop loses none of them. A record is {@code int64 epoch, int32 first block, int32 last block,
 * int32 CRC32C}; the epoch is the volume's last snapshot number when the blocks were written. The log is emptied
 * once its records are in the bitmap files (a checkpoint); the replay ends at the first record that does not
 * check (a torn append, or the records of an earlier use of the file).
 *
 * <p>The file is preallocated and written in place, so that syncing an append writes no file size or extent
 * metadata: about a third less than an append to the end of a file. Emptying it bumps a generation, kept in two
 * header slots written in turn, that each record's checksum covers: the records of an earlier generation no
 * longer check.
 */
final class IntentLog implements Closeable {

    static final int RECORD_BYTES = 20;
    /** The records the file holds before it grows. */
    static final int PREALLOCATED_RECORDS = 16 * 1024;
    private static final int HEADER_SLOTS = 2;
    private static final long FIRST_RECORD = (long) HEADER_SLOTS * RECORD_BYTES;
    private static final long HEADER_MAGIC = 0x646d2d6c6f67L;

    private final FileChannel channel;
    private long generation;
    /** The bytes of records of this generation. */
    private long size;

    private IntentLog(FileChannel channel, long generation, long size) {
        this.channel = channel;
        this.generation = generation;
        this.size = size;
    }

    /** Opens the log, preallocating it; appends go after the last record that checks. */
    static IntentLog open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, CREATE, READ, WRITE);
        long generation = -1;
        ByteBuffer slot = ByteBuffer.allocate(RECORD_BYTES);
        for (int i = 0; i < HEADER_SLOTS; i++) {
            if (readRecord(channel, (long) i * RECORD_BYTES, slot) && slot.getLong(0) == HEADER_MAGIC
                    && checksumMatches(slot, 0)) {
                generation = Math.max(generation, slot.getInt(8) & 0xffffffffL);
            }
        }
        IntentLog log = new IntentLog(channel, generation, 0);
        if (generation < 0) {
            log.preallocate();
            log.startGeneration(0);
        }
        ByteBuffer record = ByteBuffer.allocate(RECORD_BYTES);
        while (readRecord(channel, FIRST_RECORD + log.size, record) && checksumMatches(record, log.generation)) {
            log.size += RECORD_BYTES;
        }
        return log;
    }

    /** The blocks the log records for {@code epoch}; records of other epochs are already in the bitmap files. */
    RoaringBitmap replay(long epoch) throws IOException {
        RoaringBitmap blocks = new RoaringBitmap();
        ByteBuffer record = ByteBuffer.allocate(RECORD_BYTES);
        for (long position = 0; position < size; position += RECORD_BYTES) {
            readRecord(channel, FIRST_RECORD + position, record);
            if (record.getLong(0) == epoch) {
                blocks.add((long) record.getInt(8), record.getInt(12) + 1L);
            }
        }
        return blocks;
    }

    /** Appends a record, unsynced: {@link #force()} makes it durable. */
    void append(long epoch, Geometry.BlockRange range) throws IOException {
        ByteBuffer record = ByteBuffer.allocate(RECORD_BYTES);
        record.putLong(epoch).putInt(range.first()).putInt(range.last()).putInt(checksum(record, generation));
        long at = FIRST_RECORD + size;
        size += RECORD_BYTES;
        writeFully(record.flip(), at);
    }

    void force() throws IOException {
        channel.force(false);
    }

    /** Empties the log, once its records are durable in the bitmap files. */
    void clear() throws IOException {
        startGeneration(generation + 1);
        size = 0;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private void preallocate() throws IOException {
        long end = FIRST_RECORD + (long) PREALLOCATED_RECORDS * RECORD_BYTES;
        ByteBuffer zeros = ByteBuffer.allocate(64 * 1024);
        for (long at = channel.size(); at < end; at += zeros.limit()) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), end - at));
            writeFully(zeros, at);
        }
    }

    private void startGeneration(long next) throws IOException {
        ByteBuffer slot = ByteBuffer.allocate(RECORD_BYTES);
        slot.putLong(HEADER_MAGIC).putInt((int) next).putInt(0).putInt(checksum(slot, 0));
        writeFully(slot.flip(), (next % HEADER_SLOTS) * RECORD_BYTES);
        channel.force(false);
        generation = next;
    }

    private void writeFully(ByteBuffer bytes, long position) throws IOException {
        long at = position;
        while (bytes.hasRemaining()) {
            at += channel.write(bytes, at);
        }
    }

    private static boolean readRecord(FileChannel channel, long position, ByteBuffer record) throws IOException {
        record.clear();
        long at = position;
        while (record.hasRemaining()) {
            int read = channel.read(record, at);
            if (read < 0) {
                return false;
            }
            at += read;
        }
        return true;
    }

    private static boolean checksumMatches(ByteBuffer record, long generation) {
        return checksum(record, generation) == record.getInt(16);
    }

    /** The CRC32C of the generation and the 16 bytes before the checksum. */
    private static int checksum(ByteBuffer record, long generation) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(Long.BYTES).putLong(generation).flip());
        crc.update(record.array(), 0, 16);
        return (int) crc.getValue();
    }
}
