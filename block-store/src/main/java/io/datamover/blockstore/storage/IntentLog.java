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
 * int32 CRC32C of the 16 bytes before}; the epoch is the volume's last snapshot number when the blocks were
 * written. The log is emptied once its records are in the bitmap files (a checkpoint); a torn record at its end
 * (a stop in the middle of an append) ends the replay.
 */
final class IntentLog implements Closeable {

    static final int RECORD_BYTES = 20;

    private final FileChannel channel;
    private long size;

    private IntentLog(FileChannel channel, long size) {
        this.channel = channel;
        this.size = size;
    }

    /** Opens the log, dropping a torn record at its end so that later appends are replayed. */
    static IntentLog open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, CREATE, READ, WRITE);
        long valid = 0;
        ByteBuffer record = ByteBuffer.allocate(RECORD_BYTES);
        while (readRecord(channel, valid, record) && checksumMatches(record)) {
            valid += RECORD_BYTES;
        }
        if (valid < channel.size()) {
            channel.truncate(valid);
            channel.force(false);
        }
        return new IntentLog(channel, valid);
    }

    /** The blocks the log records for {@code epoch}; records of other epochs are already in the bitmap files. */
    RoaringBitmap replay(long epoch) throws IOException {
        RoaringBitmap blocks = new RoaringBitmap();
        ByteBuffer record = ByteBuffer.allocate(RECORD_BYTES);
        for (long position = 0; position < size; position += RECORD_BYTES) {
            readRecord(channel, position, record);
            if (record.getLong(0) == epoch) {
                blocks.add((long) record.getInt(8), record.getInt(12) + 1L);
            }
        }
        return blocks;
    }

    /** Appends a record, unsynced: {@link #force()} makes it durable. */
    void append(long epoch, Geometry.BlockRange range) throws IOException {
        ByteBuffer record = ByteBuffer.allocate(RECORD_BYTES);
        record.putLong(epoch).putInt(range.first()).putInt(range.last()).putInt(checksum(record));
        record.flip();
        long at = size;
        size += RECORD_BYTES;
        while (record.hasRemaining()) {
            at += channel.write(record, at);
        }
    }

    void force() throws IOException {
        channel.force(false);
    }

    /** Empties the log, once its records are durable in the bitmap files. */
    void clear() throws IOException {
        channel.truncate(0);
        channel.force(false);
        size = 0;
    }

    @Override
    public void close() throws IOException {
        channel.close();
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

    private static boolean checksumMatches(ByteBuffer record) {
        return checksum(record) == record.getInt(16);
    }

    private static int checksum(ByteBuffer record) {
        CRC32C crc = new CRC32C();
        crc.update(record.array(), 0, 16);
        return (int) crc.getValue();
    }
}
