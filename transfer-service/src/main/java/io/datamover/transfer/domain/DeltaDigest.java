package io.datamover.transfer.domain;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** The digest of a whole delta: SHA-256 over its uncompressed chunk bodies in chunk order, as 64 hex digits. */
public final class DeltaDigest {

    private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{64}");

    private final MessageDigest sha256;

    public DeltaDigest() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Adds the next chunk, or the next bytes of it. */
    public void update(byte[] data, int offset, int length) {
        sha256.update(data, offset, length);
    }

    public String hex() {
        return HexFormat.of().formatHex(sha256.digest());
    }

    /**
     * @throws TransferException naming {@code field} when the value is not 64 lower-case hex digits
     */
    public static String parse(String field, String value) {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new TransferException(TransferException.Reason.INVALID_REQUEST, field, field
                    + " must be the SHA-256 of the delta as 64 lower-case hex digits, was "
                    + (value == null ? "absent" : "'" + value + "'"));
        }
        return value;
    }
}
