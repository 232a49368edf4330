package io.datamover.blockstore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeltaFormatTest {

    @Test
    void shouldReadBackTheRecordsWrittenInOrder() throws IOException {
        byte[] stream = write(w -> {
            w.write(0, new byte[] {1, 2, 3});
            w.write(65536, ByteBuffer.wrap(new byte[] {9, 8}));
            w.write(1L << 40, new byte[] {7, 7, 7, 7, 7}, 1, 2);
        });

        List<DeltaFormat.Record> records = readAll(stream);

        assertThat(records).extracting(DeltaFormat.Record::offset).containsExactly(0L, 65536L, 1L << 40);
        assertThat(records.get(0).bytes()).containsExactly(1, 2, 3);
        assertThat(records.get(1).bytes()).containsExactly(9, 8);
        assertThat(records.get(2).bytes()).containsExactly(7, 7);
    }

    @Test
    void shouldReadTheRecordsOfAnArrayAsViewsOfIt() throws IOException {
        byte[] stream = write(w -> {
            w.write(0, new byte[] {1, 2, 3});
            w.write(4096, new byte[] {4, 5});
        });

        DeltaFormat.Record second = read(DeltaFormat.reader(stream)).get(1);

        assertThat(second.data().array()).as("no copy").isSameAs(stream);
        assertThat(second.data().arrayOffset()).isEqualTo(2 * DeltaFormat.HEADER_LENGTH + 3);
        assertThat(second.length()).isEqualTo(2);
        assertThat(second.bytes()).containsExactly(4, 5);
    }

    @Test
    void shouldFrameRecordsAsBigEndianOffsetAndLength() throws IOException {
        byte[] stream = write(w -> w.write(0x0102030405060708L, new byte[] {42}));

        assertThat(stream).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 1, 42);
    }

    @Test
    void shouldReadAnEmptyStreamAsNoRecords() throws IOException {
        assertThat(readAll(new byte[0])).isEmpty();
    }

    @Test
    void shouldSplitDataLongerThanTheRecordLimit() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DeltaFormat.Writer writer = DeltaFormat.writer(out);
        byte[] data = new byte[DeltaFormat.MAX_RECORD_LENGTH + 10];
        data[data.length - 1] = 5;
        writer.write(4096, data);
        writer.flush();

        List<DeltaFormat.Record> records = readAll(out.toByteArray());

        assertThat(records).extracting(DeltaFormat.Record::offset)
                .containsExactly(4096L, 4096L + DeltaFormat.MAX_RECORD_LENGTH);
        assertThat(records.get(1).bytes()).hasSize(10).endsWith(5);
        assertThat(writer.dataBytes()).isEqualTo(data.length);
    }

    @Test
    void shouldNameTheRecordWhenTheStreamEndsInsideItsData() throws IOException {
        byte[] stream = write(w -> {
            w.write(0, new byte[] {1});
            w.write(8192, new byte[] {1, 2, 3, 4});
        });
        byte[] truncated = Arrays.copyOf(stream, stream.length - 2);

        assertThatThrownBy(() -> readAll(truncated))
                .isInstanceOf(DeltaFormatException.class)
                .hasMessageContaining("record 2")
                .hasMessageContaining("volume offset 8192")
                .hasMessageContaining("declares 4 bytes, the stream ended after 2");
    }

    @Test
    void shouldNameTheRecordWhenTheStreamEndsInsideItsHeader() throws IOException {
        byte[] stream = write(w -> w.write(0, new byte[] {1}));
        byte[] truncated = Arrays.copyOf(stream, stream.length + 5);

        assertThatThrownBy(() -> readAll(truncated))
                .isInstanceOf(DeltaFormatException.class)
                .hasMessageContaining("record 2 at byte 13 has a header of 5 bytes, 12 expected");
    }

    @Test
    void shouldRejectANegativeLength() {
        byte[] stream = ByteBuffer.allocate(DeltaFormat.HEADER_LENGTH).putLong(0).putInt(-1).array();

        assertThatThrownBy(() -> readAll(stream))
                .isInstanceOf(DeltaFormatException.class)
                .hasMessageContaining("has length -1");
    }

    @Test
    void shouldRejectANegativeOffsetWhenWriting() {
        DeltaFormat.Writer writer = DeltaFormat.writer(new ByteArrayOutputStream());

        assertThatThrownBy(() -> writer.write(-1, new byte[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offset must not be negative");
    }

    private interface Records {
        void writeTo(DeltaFormat.Writer writer) throws IOException;
    }

    private static byte[] write(Records records) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DeltaFormat.Writer writer = DeltaFormat.writer(out);
        records.writeTo(writer);
        writer.flush();
        return out.toByteArray();
    }

    /** The records of a delta held in an array, which a reader of the same bytes as a stream must read alike. */
    private static List<DeltaFormat.Record> readAll(byte[] stream) throws IOException {
        List<DeltaFormat.Record> fromArray;
        try {
            fromArray = read(DeltaFormat.reader(stream));
        } catch (DeltaFormatException e) {
            assertThatThrownBy(() -> read(DeltaFormat.reader(new ByteArrayInputStream(stream))))
                    .as("read from a stream").isInstanceOf(DeltaFormatException.class).hasMessage(e.getMessage());
            throw e;
        }
        assertThat(read(DeltaFormat.reader(new ByteArrayInputStream(stream)))).as("read from a stream")
                .isEqualTo(fromArray);
        return fromArray;
    }

    private static List<DeltaFormat.Record> read(DeltaFormat.Reader reader) throws IOException {
        List<DeltaFormat.Record> records = new ArrayList<>();
        for (Optional<DeltaFormat.Record> next = reader.next(); next.isPresent(); next = reader.next()) {
            records.add(next.get());
        }
        return records;
    }
}
