package io.datamover.transfer.domain;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStream;
import io.datamover.transfer.domain.TransferException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;

/** zstd per chunk: used only where it pays, and undone on the target without trusting the sender's sizes. */
public final class Compression {

    /** The {@code Content-Encoding} of a compressed chunk. */
    public static final String ZSTD = "zstd";
    /** Compression must save at least this share of a chunk's bytes to be worth the CPU on both ends. */
    static final double MIN_SAVING = 0.10;
    private static final int LEVEL = 1;
    /** A chunk whose first bytes do not compress is sent as is without compressing the rest, sparing the CPU. */
    public static final int SAMPLE_BYTES = 128 * 1024;

    private Compression() {
    }

    /**
     * @return the chunk compressed, or empty when that saves less than 10% of its bytes, or when its
     *         first 128 KiB alone do not
     */
    public static Optional<byte[]> compress(byte[] body) {
        if (body.length == 0) {
            return Optional.empty();
        }
        if (body.length > 2 * SAMPLE_BYTES && !pays(Zstd.compress(Arrays.copyOf(body, SAMPLE_BYTES), LEVEL),
                SAMPLE_BYTES)) {
            return Optional.empty();
        }
        byte[] compressed = Zstd.compress(body, LEVEL);
        return pays(compressed, body.length) ? Optional.of(compressed) : Optional.empty();
    }

    /** Whether a chunk whose first bytes are {@code sample} is worth compressing: the sample alone saves 10%. */
    public static boolean samplePays(byte[] sample) {
        return sample.length > 0 && pays(Zstd.compress(sample, LEVEL), sample.length);
    }

    private static boolean pays(byte[] compressed, int length) {
        return compressed.length <= length * (1 - MIN_SAVING);
    }

    /**
     * Inflates a zstd body, reading at most {@code maxBytes}.
     *
     * @throws TransferException ({@link Reason#INVALID_REQUEST}, field {@code body}) when the body is not
     *         valid zstd or inflates beyond {@code maxBytes}
     */
    public static byte[] decompress(byte[] compressed, long maxBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(compressed))) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
                if (total > maxBytes) {
                    throw new TransferException(Reason.INVALID_REQUEST, "body", "the zstd body inflates beyond "
                            + maxBytes + " bytes, more than the chunk can hold");
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new TransferException(Reason.INVALID_REQUEST, "body", "the body is not valid zstd: "
                    + e.getMessage(), e);
        }
        return out.toByteArray();
    }
}
