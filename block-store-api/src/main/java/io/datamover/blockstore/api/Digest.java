package io.datamover.blockstore.api;

/**
 * A digest of a snapshot's whole content.
 *
 * @param algorithm {@value #SHA256}
 * @param digest lower-case hex
 */
public record Digest(String volumeId, long snapshot, String algorithm, String digest) {

    public static final String SHA256 = "sha256";
}
