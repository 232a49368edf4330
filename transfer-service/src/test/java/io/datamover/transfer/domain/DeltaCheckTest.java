package io.datamover.transfer.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datamover.blockstore.api.DeltaFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DeltaCheckTest {

    private static final long VOLUME = 65536;

    @Test
    void shouldCountTheDataBytesAndTheRangeOfRecordsInsideTheVolume() throws IOException {
        byte[] chunk = delta(4096, 4096, 12288, 8192);

        DeltaCheck.Coverage coverage = DeltaCheck.coverage(chunk, VOLUME);

        assertThat(coverage).isEqualTo(new DeltaCheck.Coverage(12288, 4096, 20480));
        assertThat(coverage.overlaps(0, 4096)).isFalse();
        assertThat(coverage.overlaps(0, 4097)).isTrue();
        assertThat(coverage.overlaps(20479, 10)).isTrue();
        assertThat(coverage.overlaps(20480, 4096)).isFalse();
    }

    @Test
    void shouldAcceptAnEmptyDelta() {
        DeltaCheck.Coverage coverage = DeltaCheck.coverage(new byte[0], VOLUME);

        assertThat(coverage.dataBytes()).isZero();
        assertThat(coverage.overlaps(0, 1024)).isFalse();
    }

    @Test
    void shouldRejectARecordReachingPastTheEndOfTheVolume() throws IOException {
        byte[] chunk = delta(0, 4096, VOLUME - 4096, 8192);

        assertThatThrownBy(() -> DeltaCheck.coverage(chunk, VOLUME))
                .isInstanceOfSatisfying(TransferException.class, e -> {
                    assertThat(e.reason()).isEqualTo(TransferException.Reason.INVALID_REQUEST);
                    assertThat(e.field()).isEqualTo("body");
                })
                .hasMessageContaining("record 1 covers bytes [61440, 69632)")
                .hasMessageContaining("past the end of the volume at " + VOLUME);
    }

    @Test
    void shouldRejectARecordThatDoesNotCoverWholeSectors() throws IOException {
        assertThatThrownBy(() -> DeltaCheck.coverage(delta(0, 4096, 8192, 100), VOLUME))
                .isInstanceOfSatisfying(TransferException.class, e -> assertThat(e.field()).isEqualTo("body"))
                .hasMessageContaining("record 1 covers bytes [8192, 8292), not whole sectors of 4096 bytes");
        assertThatThrownBy(() -> DeltaCheck.coverage(delta(100, 4096), VOLUME))
                .hasMessageContaining("not whole sectors");
    }

    @Test
    void shouldRejectATruncatedRecord() throws IOException {
        byte[] chunk = delta(0, 4096);
        byte[] truncated = Arrays.copyOf(chunk, chunk.length - 1);

        assertThatThrownBy(() -> DeltaCheck.coverage(truncated, VOLUME)).hasMessageContaining("truncated delta");
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
