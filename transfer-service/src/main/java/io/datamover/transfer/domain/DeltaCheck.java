package io.datamover.transfer.domain;

import io.datamover.blockstore.api.DeltaFormat;
import io.datamover.blockstore.api.DeltaFormatException;
import io.datamover.transfer.domain.TransferException.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/** Checks that a chunk is a well-formed delta whose every record lies inside the volume. */
public final class DeltaCheck {

    private DeltaCheck() {
    }

    /**
     * @return the data bytes of the chunk's records
     * @throws TransferException ({@link Reason#INVALID_REQUEST}) naming the first bad record
     */
    public static long dataBytes(byte[] chunk, long volumeBytes) {
        DeltaFormat.Reader reader = DeltaFormat.reader(new ByteArrayInputStream(chunk));
        long dataBytes = 0;
        int index = 0;
        try {
            for (Optional<DeltaFormat.Record> next = reader.next(); next.isPresent(); next = reader.next()) {
                DeltaFormat.Record record = next.get();
                if (record.offset() + record.length() > volumeBytes) {
                    throw new TransferException(Reason.INVALID_REQUEST, "body", "record " + index + " covers bytes ["
                            + record.offset() + ", " + (record.offset() + record.length())
                            + ") which reach past the end of the volume at " + volumeBytes);
                }
                dataBytes += record.length();
                index++;
            }
        } catch (DeltaFormatException e) {
            throw new TransferException(Reason.INVALID_REQUEST, "body", e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading a delta held in memory failed", e);
        }
        return dataBytes;
    }
}
