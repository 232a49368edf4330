package io.datamover.blockstore.api;

/**
 * The body of {@code POST /volumes}.
 *
 * @param sizeBytes a positive multiple of {@code blockSize}
 * @param blockSize a power of two in [4096, 4 MiB]; {@value #DEFAULT_BLOCK_SIZE} when null
 * @param role {@link VolumeRole#PRIMARY} when null
 */
public record CreateVolume(String id, Long sizeBytes, Integer blockSize, VolumeRole role) {

    public static final int DEFAULT_BLOCK_SIZE = 65536;
}
