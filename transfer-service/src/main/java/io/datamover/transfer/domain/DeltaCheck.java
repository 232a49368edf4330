package io.datamover.transfer.domain;

import io.datamover.blockstore.api.DeltaFormat;
import io.datamover.blockstore.api.SectorCrcs;
import io.datamover.transfer.domain.TransferException.Reason;
import java.nio.ByteBuffer;

/**
 * Checks that a chunk is a well-formed delta whose every record lies inside the volume, and finds, in one pass
 * without copying its data, what it covers and its sums ({@link ChunkSums}).
 */
public final class DeltaCheck {

    private DeltaCheck() {
    }

    /**
     * What a chunk covers.
     *
     * @param dataBytes the data bytes of its records
     * @param first the volume offset of its first byte, 0 when it has no record
     * @param end the volume offset just past its last byte, 0 when it has no record
     */
    public record Coverage(long dataBytes, long first, long end) {

        /** Whether the chunk writes any byte of {@code [offset, offset + length)}. */
        public boolean overlaps(long offset, long length) {
            return dataBytes > 0 && offset < end && offset + length > first;
        }
    }

    /** A well-formed chunk: what it covers and its sums. */
    public record Checked(Coverage coverage, ChunkSums sums) {
    }

    /**
     * @throws TransferException ({@link Reason#INVALID_REQUEST}) naming the first bad record
     */
    public static Coverage coverage(byte[] chunk, long volumeBytes) {
        return check(chunk, volumeBytes).coverage();
    }

    /**
     * @throws TransferException ({@link Reason#INVALID_REQUEST}, field {@code body}) naming the first bad record
     */
    public static Checked check(byte[] chunk, long volumeBytes) {
        ByteBuffer in = ByteBuffer.wrap(chunk);
        ChunkSums.Builder sums = new ChunkSums.Builder();
        long dataBytes = 0;
        long first = Long.MAX_VALUE;
        long end = 0;
        int index = 0;
        while (in.hasRemaining()) {
            int at = in.position();
            if (in.remaining() < DeltaFormat.HEADER_LENGTH) {
                throw invalid("truncated delta: record " + (index + 1) + " at byte " + at + " has a header of "
                        + in.remaining() + " bytes, " + DeltaFormat.HEADER_LENGTH + " expected");
            }
            long offset = in.getLong();
            int length = in.getInt();
            if (offset < 0 || length < 0 || length > DeltaFormat.MAX_RECORD_LENGTH) {
                throw invalid("malformed delta: record " + (index + 1) + " at byte " + at + " has offset " + offset
                        + " and length " + length + ", outside [0, " + DeltaFormat.MAX_RECORD_LENGTH + "]");
            }
            if (in.remaining() < length) {
                throw invalid("truncated delta: record " + (index + 1) + " at byte " + at + " (volume offset "
                        + offset + ") declares " + length + " bytes, the stream ended after " + in.remaining());
            }
            if (offset + length > volumeBytes) {
                throw invalid("record " + index + " covers bytes [" + offset + ", " + (offset + length)
                        + ") which reach past the end of the volume at " + volumeBytes);
            }
            if (offset % DeltaFormat.SECTOR_SIZE != 0 || length % DeltaFormat.SECTOR_SIZE != 0) {
                throw invalid("record " + index + " covers bytes [" + offset + ", " + (offset + length)
                        + "), not whole sectors of " + DeltaFormat.SECTOR_SIZE + " bytes");
            }
            sums.record(offset, length);
            for (int crc32c : SectorCrcs.of(in.slice(in.position(), length))) {
                sums.sector(crc32c);
            }
            in.position(in.position() + length);
            dataBytes += length;
            first = Math.min(first, offset);
            end = Math.max(end, offset + length);
            index++;
        }
        Coverage coverage = index == 0 ? new Coverage(0, 0, 0) : new Coverage(dataBytes, first, end);
        return new Checked(coverage, sums.build());
    }

    private static TransferException invalid(String message) {
        return new TransferException(Reason.INVALID_REQUEST, "body", message);
    }
}
