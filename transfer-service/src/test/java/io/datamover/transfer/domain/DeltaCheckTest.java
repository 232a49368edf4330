package io.datamover.transfer.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datamover.blockstore.api.DeltaFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DeltaCheckTest {

    @Test
    void shouldCountTheDataBytesOfRecordsInsideTheVolume() throws IOException {
        byte[] chunk = delta(0, 100, 924, 100);

        assertThat(DeltaCheck.dataBytes(chunk, 1024)).isEqualTo(200);
    }

    @Test
    void shouldAcceptAnEmptyDelta() {
        assertThat(DeltaCheck.dataBytes(new byte[0], 1024)).isZero();
    }

    @Test
    void shouldRejectARecordReachingPastTheEndOfTheVolume() throws IOException {
        byte[] chunk = delta(0, 100, 1000, 100);

        assertThatThrownBy(() -> DeltaCheck.dataBytes(chunk, 1024))
                .isInstanceOfSatisfying(TransferException.class, e -> {
                    assertThat(e.reason()).isEqualTo(TransferException.Reason.INVALID_REQUEST);
                    assertThat(e.field()).isEqualTo("body");
                })
                .hasMessageContaining("record 1 covers bytes [1000, 1100)")
                .hasMessageContaining("past the end of the volume at 1024");
    }

    @Test
    void shouldRejectATruncatedRecord() throws IOException {
        byte[] chunk = delta(0, 100);
        byte[] truncated = Arrays.copyOf(chunk, chunk.length - 1);

        assertThatThrownBy(() -> DeltaCheck.dataBytes(truncated, 1024)).hasMessageContaining("truncated delta");
    }

    private static byte[] delta(long... offsetsAndLengths) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DeltaFormat.Writer writer = DeltaFormat.writer(out);
        for (int i = 0; i < offsetsAndLengths.length; i += 2) {
            writer.write(offsetsAndLengths[i], new byte[(int) offsetsAndLengths[i + 1]]);
        }
        writer.flush();
        return out.toByteArray();
    }
}
