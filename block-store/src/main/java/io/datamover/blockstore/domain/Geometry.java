package io.datamover.blockstore.domain;

import io.datamover.blockstore.api.DeltaFormat;

/**
 * The size of a volume and of its blocks. Blocks are numbered from 0 as {@code int}s, the index space of the
 * block bitmaps. Writes address whole sectors of {@link #SECTOR_SIZE} bytes, as on a disk with 4 KiB logical
 * sectors; each sector has its own checksum.
 */
public record Geometry(long sizeBytes, int blockSize) {

    public static final int MIN_BLOCK_SIZE = 4096;
    public static final int MAX_BLOCK_SIZE = 4 * 1024 * 1024;
    public static final int SECTOR_SIZE = DeltaFormat.SECTOR_SIZE;

    public Geometry {
        if (blockSize < MIN_BLOCK_SIZE || blockSize > MAX_BLOCK_SIZE || Integer.bitCount(blockSize) != 1) {
            throw StoreException.invalid("blockSize", "blockSize must be a power of two in [" + MIN_BLOCK_SIZE
                    + ", " + MAX_BLOCK_SIZE + "], was " + blockSize);
        }
        if (sizeBytes <= 0 || sizeBytes % blockSize != 0) {
            throw StoreException.invalid("sizeBytes", "sizeBytes must be a positive multiple of blockSize "
                    + blockSize + ", was " + sizeBytes);
        }
        if (sizeBytes / blockSize > Integer.MAX_VALUE) {
            throw StoreException.invalid("sizeBytes", "sizeBytes " + sizeBytes + " has more than "
                    + Integer.MAX_VALUE + " blocks of " + blockSize + " bytes: use a larger blockSize");
        }
    }

    public int blockCount() {
        return (int) (sizeBytes / blockSize);
    }

    public int blockOf(long offset) {
        return (int) (offset / blockSize);
    }

    public long offsetOf(int block) {
        return (long) block * blockSize;
    }

    /** The blocks that bytes {@code [offset, offset + length)} touch, as {@code [first, last]}; length > 0. */
    public BlockRange blocksOf(long offset, long length) {
        return new BlockRange(blockOf(offset), blockOf(offset + length - 1));
    }

    /**
     * Checks that bytes {@code [offset, offset + length)} lie inside the volume.
     *
     * @param lengthField the request field that carries the length
     */
    public void checkRange(long offset, long length, String lengthField) {
        if (offset < 0) {
            throw StoreException.invalid("offset", "offset must not be negative, was " + offset);
        }
        if (offset > sizeBytes) {
            throw StoreException.invalid("offset", "offset " + offset + " is past the end of the volume (size "
                    + sizeBytes + ")");
        }
        if (length < 0) {
            throw StoreException.invalid(lengthField, lengthField + " must not be negative, was " + length);
        }
        if (length > sizeBytes - offset) {
            throw StoreException.invalid(lengthField, length + " bytes from offset " + offset
                    + " end past the end of the volume (size " + sizeBytes + ")");
        }
    }

    /**
     * Checks that bytes {@code [offset, offset + length)} lie inside the volume and cover whole sectors, as a
     * write must.
     */
    public void checkWrite(long offset, long length, String lengthField) {
        checkRange(offset, length, lengthField);
        if (offset % SECTOR_SIZE != 0) {
            throw StoreException.invalid("offset", "offset must be a multiple of the sector size " + SECTOR_SIZE
                    + ", was " + offset);
        }
        if (length % SECTOR_SIZE != 0) {
            throw StoreException.invalid(lengthField, lengthField + " must be a multiple of the sector size "
                    + SECTOR_SIZE + ", was " + length);
        }
    }

    public int sectorsPerBlock() {
        return blockSize / SECTOR_SIZE;
    }

    public long sectorCount() {
        return sizeBytes / SECTOR_SIZE;
    }

    /** Blocks {@code first} to {@code last}, both included. */
    public record BlockRange(int first, int last) {

        public long endExclusive() {
            return (long) last + 1;
        }
    }
}
