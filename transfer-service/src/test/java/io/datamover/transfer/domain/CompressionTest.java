package io.datamover.transfer.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

public class CompressionTest {

    @Test
    void shouldCompressAChunkThatShrinksAndInflateItBackIdentical() {
        byte[] body = compressible(1 << 20);

        Optional<byte[]> compressed = Compression.compress(body);

        assertThat(compressed).hasValueSatisfying(c -> assertThat(c.length).isLessThan(body.length / 2));
        assertThat(Compression.decompress(compressed.orElseThrow(), body.length)).isEqualTo(body);
    }

    @Test
    void shouldSendRandomDataAsItIs() {
        byte[] body = new byte[1 << 20];
        new Random(7).nextBytes(body);

        assertThat(Compression.compress(body)).isEmpty();
    }

    @Test
    void shouldSkipCompressionThatSavesLessThanTenPercent() {
        byte[] body = new byte[1 << 20];
        new Random(7).nextBytes(body);
        Arrays.fill(body, 0, body.length / 20, (byte) 0);

        assertThat(Compression.compress(body)).isEmpty();
    }

    @Test
    void shouldRefuseABodyThatInflatesBeyondTheLimit() {
        byte[] bomb = Zstd.compress(new byte[8 << 20], 1);

        assertThatThrownBy(() -> Compression.decompress(bomb, 1 << 20))
                .isInstanceOfSatisfying(TransferException.class, e -> {
                    assertThat(e.field()).isEqualTo("body");
                    assertThat(e.reason()).isEqualTo(TransferException.Reason.INVALID_REQUEST);
                })
                .hasMessageContaining("inflates beyond 1048576 bytes");
    }

    @Test
    void shouldRefuseABodyThatIsNotZstd() {
        byte[] garbage = new byte[4096];
        new Random(3).nextBytes(garbage);

        assertThatThrownBy(() -> Compression.decompress(garbage, 1 << 20))
                .isInstanceOfSatisfying(TransferException.class, e -> assertThat(e.field()).isEqualTo("body"))
                .hasMessageContaining("not valid zstd");
    }

    @Test
    void shouldRefuseATruncatedZstdBody() {
        byte[] compressed = Zstd.compress(compressible(1 << 20), 1);
        byte[] truncated = Arrays.copyOf(compressed, compressed.length / 2);

        assertThatThrownBy(() -> Compression.decompress(truncated, 1 << 20))
                .isInstanceOf(TransferException.class)
                .hasMessageContaining("not valid zstd");
    }

    /** Text-like content: a few distinct lines repeated. */
    public static byte[] compressible(int length) {
        byte[] body = new byte[length];
        Random random = new Random(11);
        for (int i = 0; i < length; i++) {
            body[i] = (byte) ('a' + (i % 61 == 0 ? random.nextInt(26) : i % 7));
        }
        return body;
    }
}
