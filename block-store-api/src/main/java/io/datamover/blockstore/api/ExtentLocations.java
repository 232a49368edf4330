package io.datamover.blockstore.api;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Where the bytes of extents of a snapshot lie in the block store's files, and their checksums: the answer of
 * {@code POST /volumes/{id}/snapshots/{n}/locate}, for a caller on the store's host that sends them zero-copy
 * ({@code FileChannel.transferTo}).
 *
 * <p>Each segment's bytes were snapshot n's content when the store located them, and {@link #sums()} are snapshot
 * n's. Afterwards a workload write may preserve a live block into a copy-on-write file and overwrite it in the live
 * file, and deleting a later snapshot may move blocks from its copy-on-write file, which goes: a caller MUST check
 * the bytes it read against the sums ({@link #firstMismatch}) and locate again on a mismatch or a missing file.
 *
 * @param files absolute paths of the files that hold the bytes: a volume's live {@code data}, a snapshot's
 *     {@code snap-N.cow}, or, for a clone, such a file of its origin volume; each {@code size} bytes long (sparse:
 *     a block never written is a hole and reads as zeros)
 * @param segments in the order of the requested extents, each extent covered exactly once, in order; adjacent
 *     blocks held by the same file are one segment
 * @param sums the CRC32C of each {@value #SECTOR_SIZE}-byte sector of the extents, big-endian {@code int32}s
 *     concatenated in the order of the extents' bytes (base64 in JSON); a sector never written has the CRC32C of
 *     a sector of zeros
 */
public record ExtentLocations(List<String> files, List<Segment> segments, byte[] sums) {

    public static final int SECTOR_SIZE = DeltaFormat.SECTOR_SIZE;

    public ExtentLocations {
        files = List.copyOf(files);
        segments = List.copyOf(segments);
        Objects.requireNonNull(sums, "sums");
    }

    /** How many sectors {@link #sums()} covers: the extents' bytes divided by {@value #SECTOR_SIZE}. */
    public int sectorCount() {
        return sums.length / Integer.BYTES;
    }

    /** The CRC32C of sector {@code sector}, counted from the first byte of the first extent. */
    public int sum(int sector) {
        return ByteBuffer.wrap(sums).getInt(sector * Integer.BYTES);
    }

    /**
     * Checks whole sectors read from a segment against their sums.
     *
     * @param firstSector the index in {@link #sums()} of the sector that {@code bytes} start with
     * @param bytes whole sectors; their remaining bytes are checked, not consumed
     * @return the index of the first sector whose CRC32C differs from its sum, -1 when all match
     */
    public int firstMismatch(int firstSector, ByteBuffer bytes) {
        if (bytes.remaining() % SECTOR_SIZE != 0) {
            throw new IllegalArgumentException("expected whole sectors of " + SECTOR_SIZE + " bytes, got "
                    + bytes.remaining());
        }
        int[] crcs = SectorCrcs.of(bytes);
        for (int i = 0; i < crcs.length; i++) {
            if (crcs[i] != sum(firstSector + i)) {
                return firstSector + i;
            }
        }
        return -1;
    }

    // A record compares arrays by identity: these compare the sums by content.
    @Override
    public boolean equals(Object other) {
        return other instanceof ExtentLocations that && files.equals(that.files) && segments.equals(that.segments)
                && Arrays.equals(sums, that.sums);
    }

    @Override
    public int hashCode() {
        return Objects.hash(files, segments, Arrays.hashCode(sums));
    }

    @Override
    public String toString() {
        return "ExtentLocations[files=" + files + ", segments=" + segments + ", sectors=" + sectorCount() + "]";
    }

    /**
     * {@code length} bytes of the volume from {@code volumeOffset} lie in {@code files.get(file)} from
     * {@code fileOffset}; offsets and length are whole sectors.
     */
    public record Segment(int file, long fileOffset, long volumeOffset, long length) {

        /** How many sectors the segment holds. */
        public int sectorCount() {
            return (int) (length / SECTOR_SIZE);
        }
    }
}
