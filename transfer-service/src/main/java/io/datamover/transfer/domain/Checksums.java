package io.datamover.transfer.domain;

import java.util.Locale;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/** Chunk checksums as they appear on the wire and in events: {@code crc32c:<8 hex digits>}. */
public final class Checksums {

    public static final String PREFIX = "crc32c:";
    private static final Pattern FORMAT = Pattern.compile("crc32c:[0-9a-f]{8}");

    private Checksums() {
    }

    public static String crc32c(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        return format(crc.getValue());
    }

    public static String format(long crc32c) {
        return PREFIX + String.format(Locale.ROOT, "%08x", crc32c);
    }

    /**
     * Reads a checksum as sent by a peer.
     *
     * @return the checksum in canonical (lower-case) form
     * @throws TransferException naming {@code field} when it is absent or not {@code crc32c:<8 hex digits>}
     */
    public static String parse(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new TransferException(TransferException.Reason.INVALID_REQUEST, field,
                    field + " is required, as 'crc32c:<8 hex digits>'");
        }
        String canonical = value.trim().toLowerCase(Locale.ROOT);
        if (!FORMAT.matcher(canonical).matches()) {
            throw new TransferException(TransferException.Reason.INVALID_REQUEST, field,
                    field + " must be 'crc32c:<8 hex digits>', was '" + value + "'");
        }
        return canonical;
    }
}
