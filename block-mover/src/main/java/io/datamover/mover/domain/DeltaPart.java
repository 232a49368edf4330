package io.datamover.mover.domain;

import io.datamover.blockstore.api.DeltaFormat;
import io.datamover.blockstore.api.DeltaFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One part of a delta, checked whole before any of it is written: well-formed {@link DeltaFormat}, every record whole
 * 4 KiB sectors inside the volume. A refusal (400, field {@code body}) names the first bad record.
 */
public final class DeltaPart {

    private DeltaPart() {
    }

    /** The records of the part, views of {@code body}. */
    public static List<DeltaFormat.Record> records(byte[] body, long volumeBytes) {
        DeltaFormat.Reader reader = DeltaFormat.reader(body);
        List<DeltaFormat.Record> records = new ArrayList<>();
        try {
            for (Optional<DeltaFormat.Record> next = reader.next(); next.isPresent(); next = reader.next()) {
                check(records.size(), next.get(), volumeBytes);
                records.add(next.get());
            }
        } catch (DeltaFormatException e) {
            throw MoverException.invalid("body", e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("a delta held in memory cannot fail to read", e);
        }
        return records;
    }

    private static void check(int index, DeltaFormat.Record record, long volumeBytes) {
        long end = record.offset() + record.length();
        if (end > volumeBytes) {
            throw MoverException.invalid("body", "record " + index + " covers bytes [" + record.offset() + ", " + end
                    + "), beyond the volume's " + volumeBytes + " bytes");
        }
        if (record.offset() % DeltaFormat.SECTOR_SIZE != 0 || record.length() % DeltaFormat.SECTOR_SIZE != 0) {
            throw MoverException.invalid("body", "record " + index + " covers bytes [" + record.offset() + ", " + end
                    + "), not whole sectors of " + DeltaFormat.SECTOR_SIZE + " bytes");
        }
    }
}
