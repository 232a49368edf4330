package io.datamover.blockstore.crash;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.DeltaFormat;
import io.datamover.events.ChangeMethod;
import io.datamover.events.Extent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The delta that brings a replica from the primary's snapshot {@code base} (null: nothing, a full copy) to its
 * snapshot {@code target}, framed in {@link DeltaFormat} as transfer-service ships it.
 *
 * @param dataBytes the data bytes in {@code framed}, what an apply reports it wrote
 */
record ShippedDelta(Long base, long target, ChangeMethod method, byte[] framed, long dataBytes) {

    /** Asks the store which extents changed and reads their bytes from the primary's snapshot {@code target}. */
    static ShippedDelta read(BlockStoreClient store, SnapshotMetadataCalls metadata, String volumeId, Long base,
            long target) {
        SnapshotMetadataCalls.Changes changes = base == null ? metadata.allocated(volumeId, target)
                : metadata.delta(volumeId, base, target);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DeltaFormat.Writer writer = DeltaFormat.writer(body);
        try {
            for (Extent extent : changes.extents()) {
                writer.write(extent.offset(),
                        store.readSnapshot(volumeId, target, extent.offset(), Math.toIntExact(extent.length())));
            }
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("framing a delta in memory failed", e);
        }
        return new ShippedDelta(base, target, changes.method(), body.toByteArray(), writer.dataBytes());
    }

    /** The framed delta cut into parts of at most {@code records} records each, as transfer-service's chunks. */
    List<byte[]> parts(int records) {
        List<byte[]> parts = new ArrayList<>();
        DeltaFormat.Reader reader = DeltaFormat.reader(stream());
        try {
            ByteArrayOutputStream part = new ByteArrayOutputStream();
            DeltaFormat.Writer writer = DeltaFormat.writer(part);
            int inPart = 0;
            for (Optional<DeltaFormat.Record> next = reader.next(); next.isPresent(); next = reader.next()) {
                writer.write(next.get().offset(), next.get().bytes());
                if (++inPart == records) {
                    writer.flush();
                    parts.add(part.toByteArray());
                    part.reset();
                    inPart = 0;
                }
            }
            writer.flush();
            if (inPart > 0) {
                parts.add(part.toByteArray());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cutting a delta held in memory into parts failed", e);
        }
        return parts;
    }

    InputStream stream() {
        return new ByteArrayInputStream(framed);
    }

    @Override
    public String toString() {
        return "delta " + (base == null ? "(full copy)" : "from " + base) + " to " + target + " (" + method.code()
                + ", " + dataBytes + " bytes)";
    }
}
