package io.datamover.transfer.sender;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.BlockStoreException;
import io.datamover.transfer.domain.Chunk;
import io.datamover.transfer.domain.TransferException;
import io.datamover.transfer.domain.TransferException.Reason;

/** Reads a chunk's extents from a snapshot, in the local store or a mover pod, framed as a delta. */
final class ChunkReader {

    private final BlockStoreClient store;

    ChunkReader(BlockStoreClient store) {
        this.store = store;
    }

    /** The chunk's extents framed as a delta, read in one request. */
    byte[] read(String volumeId, long snapshot, Chunk chunk) {
        try {
            return store.readExtents(volumeId, snapshot, chunk.extents());
        } catch (BlockStoreException e) {
            boolean retryable = e.status() == BlockStoreException.UNREACHABLE || e.status() >= 500;
            throw new TransferException(retryable ? Reason.STORE_FAILED : Reason.SOURCE_READ_FAILED, null,
                    "cannot read the " + chunk.extents().size() + " extents of chunk " + chunk.index()
                            + " from snapshot " + snapshot + " of volume " + volumeId + " at " + store.baseUrl() + ": "
                            + e.getMessage(), e);
        }
    }
}
