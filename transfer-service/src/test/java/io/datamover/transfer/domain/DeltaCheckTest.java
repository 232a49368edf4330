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
    void shouldCountTheDataBytesAndTheRangeOfRecordsInsideTheVolume() throws IOException {
        byte[] chunk = delta(100, 100, 824, 100);

        DeltaCheck.Coverage coverage = DeltaCheck.coverage(chunk, 1024);

        assertThat(coverage).isEqualTo(new DeltaCheck.Coverage(200, 100, 924));
        assertThat(coverage.overlaps(0, 100)).isFalse();
        assertThat(coverage.overlaps(0, 101)).isTrue();
        assertThat(coverage.overlaps(923, 10)).isTrue();
        assertThat(coverage.overlaps(924, 10)).isFalse();
    }

    @Test
    void shouldAcceptAnEmptyDelta() {
        DeltaCheck.Coverage coverage = DeltaCheck.coverage(new byte[0], 1024);

        assertThat(coverage.dataBytes()).isZero();
        assertThat(coverage.overlaps(0, 1024)).isFalse();
    }

    @Test
    void shouldRejectARecordReachingPastTheEndOfTheVolume() throws IOException {
        byte[] chunk = delta(0, 100, 1000, 100);

        assertThatThrownBy(() -> DeltaCheck.coverage(chunk, 1024))
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

        assertThatThrownBy(() -> DeltaCheck.coverage(truncated, 1024)).hasMessageContaining("truncated delta");
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
