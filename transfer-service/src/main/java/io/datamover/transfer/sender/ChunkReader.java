package io.datamover.transfer.sender;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.BlockStoreException;
import io.datamover.blockstore.api.DeltaFormat;
import io.datamover.events.Extent;
import io.datamover.transfer.domain.Chunk;
import io.datamover.transfer.domain.TransferException;
import io.datamover.transfer.domain.TransferException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Reads a chunk's extents from a snapshot in the local store and frames them as a delta. */
final class ChunkReader {

    private final BlockStoreClient store;

    ChunkReader(BlockStoreClient store) {
        this.store = store;
    }

    byte[] read(String volumeId, long snapshot, Chunk chunk) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(Math.toIntExact(chunk.framedBytes()));
        DeltaFormat.Writer writer = DeltaFormat.writer(body);
        try {
            for (Extent extent : chunk.extents()) {
                writer.write(extent.offset(), readExtent(volumeId, snapshot, chunk, extent));
            }
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("framing a chunk in memory failed", e);
        }
        return body.toByteArray();
    }

    private byte[] readExtent(String volumeId, long snapshot, Chunk chunk, Extent extent) {
        try {
            return store.readSnapshot(volumeId, snapshot, extent.offset(), Math.toIntExact(extent.length()));
        } catch (BlockStoreException e) {
            boolean retryable = e.status() == BlockStoreException.UNREACHABLE || e.status() >= 500;
            throw new TransferException(retryable ? Reason.STORE_FAILED : Reason.SOURCE_READ_FAILED, null,
                    "cannot read bytes [" + extent.offset() + ", " + extent.end() + ") of chunk " + chunk.index()
                            + " from snapshot " + snapshot + " of volume " + volumeId + " in the local store: "
                            + e.getMessage(), e);
        }
    }
}
