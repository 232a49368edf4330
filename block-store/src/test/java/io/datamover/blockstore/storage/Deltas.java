package io.datamover.blockstore.storage;

import io.datamover.blockstore.api.DeltaFormat;
import io.datamover.events.Extent;
import io.datamover.blockstore.domain.ExtentPages;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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
