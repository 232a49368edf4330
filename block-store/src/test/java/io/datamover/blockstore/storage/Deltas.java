package io.datamover.blockstore.storage;

import io.datamover.blockstore.api.DeltaFormat;
import io.datamover.events.Extent;
import io.datamover.blockstore.domain.ExtentPages;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.roaringbitmap.RoaringBitmap;

/** Deltas as a transfer would ship them: the given blocks of a snapshot, in {@link DeltaFormat}. */
final class Deltas {

    private Deltas() {
    }

    static byte[] bytes(Volume source, long snapshot, RoaringBitmap blocks) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DeltaFormat.Writer writer = DeltaFormat.writer(out);
        for (Extent extent : ExtentPages.all(blocks, source.geometry())) {
            writer.write(extent.offset(), source.readSnapshot(snapshot, extent.offset(), (int) extent.length()));
        }
        writer.flush();
        return out.toByteArray();
    }

    /** The delta of {@code blocks} cut into parts of one extent each, as a transfer's chunks arrive. */
    static List<byte[]> parts(Volume source, long snapshot, RoaringBitmap blocks) throws IOException {
        List<byte[]> parts = new ArrayList<>();
        int blockSize = source.geometry().blockSize();
        for (Extent extent : ExtentPages.all(blocks, source.geometry())) {
            RoaringBitmap one = new RoaringBitmap();
            one.add(extent.offset() / blockSize, (extent.offset() + extent.length()) / blockSize);
            parts.add(bytes(source, snapshot, one));
        }
        return parts;
    }

    /**
     * Writes the delta that brings {@code replica} from {@code base} (null: a full copy) to {@code snapshot} of
     * {@code source} in parts, as a transfer does, and leaves it unsealed.
     */
    static void sendParts(Volume source, Long base, long snapshot, Volume replica) throws IOException {
        RoaringBitmap blocks = base == null ? source.allocated(snapshot) : source.delta(base, snapshot).blocks();
        replica.freeze("receiving snapshot " + snapshot);
        replica.beginApply(base, snapshot);
        for (byte[] part : parts(source, snapshot, blocks)) {
            replica.applyPart(base, snapshot, reader(part));
        }
    }

    /** Ships {@code snapshot} as a transfer does: the replica frozen, the delta in parts, sealed, thawed. */
    static void ship(Volume source, Long base, long snapshot, Volume replica) throws IOException {
        sendParts(source, base, snapshot, replica);
        replica.sealApply(snapshot);
        replica.thaw();
    }

    static DeltaFormat.Reader reader(Volume source, long snapshot, RoaringBitmap blocks) throws IOException {
        return reader(bytes(source, snapshot, blocks));
    }

    static DeltaFormat.Reader reader(byte[] delta) {
        return DeltaFormat.reader(new ByteArrayInputStream(delta));
    }

    static DeltaFormat.Reader empty() {
        return DeltaFormat.reader(InputStream.nullInputStream());
    }
}
