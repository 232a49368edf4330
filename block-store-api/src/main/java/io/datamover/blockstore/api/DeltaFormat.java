package io.datamover.blockstore.api;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.Flushable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The binary framing of a delta: records of {@code int64 offset} (big-endian), {@code int32 length} and
 * {@code length} data bytes, repeated to the end of the stream. A record is at most
 * {@value #MAX_RECORD_LENGTH} bytes so that a reader can hold one in memory; {@link Writer} splits longer data.
 */
public final class DeltaFormat {

    public static final int HEADER_LENGTH = Long.BYTES + Integer.BYTES;
    public static final int MAX_RECORD_LENGTH = 64 * 1024 * 1024;
    /** The store writes whole sectors: a record's offset and length must be multiples of this. */
    public static final int SECTOR_SIZE = 4096;

    private DeltaFormat() {
    }

    public static Writer writer(OutputStream out) {
        return new Writer(out);
    }

    public static Reader reader(InputStream in) {
        return new Reader(in);
    }

    /** A reader of a delta held whole in {@code delta}: its records are views of the array, not copies. */
    public static Reader reader(byte[] delta) {
        return new Reader(ByteBuffer.wrap(delta));
    }

    /**
     * {@code data} (its remaining bytes) belongs at byte {@code offset} of the volume. A record read from an array
     * is a view of that array: read it through {@code data().duplicate()} to leave it as it is.
     */
    public record Record(long offset, ByteBuffer data) {

        public Record {
            if (offset < 0) {
                throw new IllegalArgumentException("record offset must not be negative, was " + offset);
            }
        }

        public Record(long offset, byte[] data) {
            this(offset, ByteBuffer.wrap(data));
        }

        public int length() {
            return data.remaining();
        }

        /** A copy of the data bytes. */
        public byte[] bytes() {
            byte[] copy = new byte[data.remaining()];
            data.duplicate().get(copy);
            return copy;
        }
    }

    /** Writes records; {@link #flush()} before handing the stream on. Does not close the stream. */
    public static final class Writer implements Flushable {

        private final DataOutputStream out;
        private long dataBytes;

        private Writer(OutputStream out) {
            this.out = new DataOutputStream(new BufferedOutputStream(out));
        }

        public void write(long offset, byte[] data) throws IOException {
            write(offset, data, 0, data.length);
        }

        public void write(long offset, byte[] data, int from, int length) throws IOException {
            write(offset, ByteBuffer.wrap(data, from, length));
        }

        /** Writes the remaining bytes of {@code data}, consuming them. */
        public void write(long offset, ByteBuffer data) throws IOException {
            if (offset < 0) {
                throw new IllegalArgumentException("record offset must not be negative, was " + offset);
            }
            long at = offset;
            do {
                int length = Math.min(data.remaining(), MAX_RECORD_LENGTH);
                out.writeLong(at);
                out.writeInt(length);
                writeBytes(data, length);
                at += length;
                dataBytes += length;
            } while (data.hasRemaining());
        }

        private void writeBytes(ByteBuffer data, int length) throws IOException {
            if (data.hasArray()) {
                out.write(data.array(), data.arrayOffset() + data.position(), length);
                data.position(data.position() + length);
            } else {
                byte[] copy = new byte[length];
                data.get(copy);
                out.write(copy);
            }
        }

        /** The data bytes written so far, headers not counted. */
        public long dataBytes() {
            return dataBytes;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }

    /** Reads records until the end of the stream. Does not close the stream. */
    public static final class Reader {

        private final InputStream in;
        private final ByteBuffer array;
        private final byte[] header = new byte[HEADER_LENGTH];
        private long position;
        private int records;

        private Reader(InputStream in) {
            this.in = new BufferedInputStream(in);
            this.array = null;
        }

        private Reader(ByteBuffer array) {
            this.in = null;
            this.array = array;
        }

        /**
         * The next record, empty at the end of the stream.
         *
         * @throws DeltaFormatException if the stream ends inside a record or a header is impossible
         */
        public Optional<Record> next() throws IOException {
            int headerRead = readFully(header);
            if (headerRead == 0) {
                return Optional.empty();
            }
            if (headerRead < HEADER_LENGTH) {
                throw new DeltaFormatException("truncated delta: record " + (records + 1) + " at byte " + position
                        + " has a header of " + headerRead + " bytes, " + HEADER_LENGTH + " expected");
            }
            ByteBuffer fields = ByteBuffer.wrap(header);
            long offset = fields.getLong();
            int length = fields.getInt();
            check(offset, length);
            ByteBuffer data = readData(length);
            if (data.remaining() < length) {
                throw new DeltaFormatException("truncated delta: record " + (records + 1) + " at byte " + position
                        + " (volume offset " + offset + ") declares " + length + " bytes, the stream ended after "
                        + data.remaining());
            }
            position += HEADER_LENGTH + length;
            records++;
            return Optional.of(new Record(offset, data));
        }

        private void check(long offset, int length) throws DeltaFormatException {
            if (offset < 0) {
                throw new DeltaFormatException("malformed delta: record " + (records + 1) + " at byte " + position
                        + " has a negative offset " + offset);
            }
            if (length < 0 || length > MAX_RECORD_LENGTH) {
                throw new DeltaFormatException("malformed delta: record " + (records + 1) + " at byte " + position
                        + " has length " + length + ", outside [0, " + MAX_RECORD_LENGTH + "]");
            }
        }

        /** Up to {@code length} data bytes: a view of the array, or a new array filled from the stream. */
        private ByteBuffer readData(int length) throws IOException {
            if (array != null) {
                ByteBuffer data = array.slice(array.position(), Math.min(length, array.remaining()));
                array.position(array.position() + data.remaining());
                return data;
            }
            byte[] data = new byte[length];
            return ByteBuffer.wrap(data, 0, readFully(data));
        }

        private int readFully(byte[] buffer) throws IOException {
            if (array != null) {
                int read = Math.min(buffer.length, array.remaining());
                array.get(buffer, 0, read);
                return read;
            }
            int read = 0;
            while (read < buffer.length) {
                int n = in.read(buffer, read, buffer.length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            return read;
        }
    }
}
