package io.datamover.transfer.domain;

import java.util.HexFormat;

/**
 * What the target keeps of a chunk it wrote into the replica.
 *
 * @param checksum the chunk's checksum ({@link ChunkSums#checksum()}), as sent with it
 * @param sha256 the chunk's digest ({@link ChunkSums#digest()}), hex, for the delta digest
 * @param bodyBytes bytes of the uncompressed chunk body, framing included
 * @param wireBytes bytes of the chunk as it crossed the link (compressed or not)
 * @param coverage the volume bytes the chunk writes
 */
public record Receipt(int chunk, String checksum, String sha256, long bodyBytes, long wireBytes,
        DeltaCheck.Coverage coverage) {

    public byte[] digest() {
        return HexFormat.of().parseHex(sha256);
    }
}
