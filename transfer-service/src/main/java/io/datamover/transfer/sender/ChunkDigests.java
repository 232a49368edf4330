package io.datamover.transfer.sender;

import io.datamover.transfer.domain.DeltaDigest;
import java.util.Arrays;

/**
 * The digest of every chunk of a delta, filled by the streams in any order, and the delta digest over them. Survives
 * the attempts of a transfer: a chunk digested once is not read again for it.
 */
final class ChunkDigests {

    private final byte[][] digests;

    ChunkDigests(int chunkCount) {
        this.digests = new byte[chunkCount][];
    }

    /** Whether chunk {@code k} still has to be hashed. */
    synchronized boolean needs(int k) {
        return digests[k] == null;
    }

    /** Keeps the digest of chunk {@code k} ({@link io.datamover.transfer.domain.ChunkSums#digest()}). */
    synchronized void add(int k, byte[] digest) {
        digests[k] = digest;
    }

    /** The delta digest; every chunk must have been hashed. */
    synchronized String hex() {
        long missing = Arrays.stream(digests).filter(d -> d == null).count();
        if (missing > 0) {
            throw new IllegalStateException("the delta digest lacks " + missing + " of " + digests.length
                    + " chunks");
        }
        return DeltaDigest.of(Arrays.asList(digests));
    }
}
