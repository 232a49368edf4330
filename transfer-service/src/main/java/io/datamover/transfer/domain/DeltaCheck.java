package io.datamover.transfer.domain;

import io.datamover.blockstore.api.DeltaFormat;
import io.datamover.blockstore.api.DeltaFormatException;
import io.datamover.transfer.domain.TransferException.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/** Checks that a chunk is a well-formed delta whose every record lies inside the volume, and what it covers. */
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

    /**
     * @throws TransferException ({@link Reason#INVALID_REQUEST}) naming the first bad record
     */
    public static Coverage coverage(byte[] chunk, long volumeBytes) {
        DeltaFormat.Reader reader = DeltaFormat.reader(new ByteArrayInputStream(chunk));
        long dataBytes = 0;
        long first = Long.MAX_VALUE;
        long end = 0;
        int index = 0;
        try {
            for (Optional<DeltaFormat.Record> next = reader.next(); next.isPresent(); next = reader.next()) {
                DeltaFormat.Record record = next.get();
                if (record.offset() + record.length() > volumeBytes) {
                    throw new TransferException(Reason.INVALID_REQUEST, "body", "record " + index + " covers bytes ["
                            + record.offset() + ", " + (record.offset() + record.length())
                            + ") which reach past the end of the volume at " + volumeBytes);
                }
                if (record.offset() % DeltaFormat.SECTOR_SIZE != 0 || record.length() % DeltaFormat.SECTOR_SIZE != 0) {
                    throw new TransferException(Reason.INVALID_REQUEST, "body", "record " + index + " covers bytes ["
                            + record.offset() + ", " + (record.offset() + record.length()) + "), not whole sectors of "
                            + DeltaFormat.SECTOR_SIZE + " bytes");
                }
                dataBytes += record.length();
                first = Math.min(first, record.offset());
                end = Math.max(end, record.offset() + record.length());
                index++;
            }
        } catch (DeltaFormatException e) {
            throw new TransferException(Reason.INVALID_REQUEST, "body", e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading a delta held in memory failed", e);
        }
        return index == 0 ? new Coverage(0, 0, 0) : new Coverage(dataBytes, first, end);
    }
}
