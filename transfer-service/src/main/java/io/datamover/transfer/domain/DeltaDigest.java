package io.datamover.transfer.domain;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The digest of a whole delta: SHA-256 over the digest of each chunk ({@link ChunkSums#digest()}: the SHA-256 of its
 * records' places and sector checksums), in chunk order, as 64 hex digits. Each side makes its chunks' digests as
 * they come, in any order and in parallel, and only the chunk digests are put in order.
 */
public final class DeltaDigest {

    private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{64}");

    private DeltaDigest() {
    }

    /** @param chunkDigests the digest of every chunk, in chunk order */
    public static String of(List<byte[]> chunkDigests) {
        MessageDigest sha256 = sha256();
        chunkDigests.forEach(sha256::update);
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

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
