package io.datamover.transfer.sender;

import io.datamover.blockstore.api.BlockStoreClient;

/** A snapshot made readable while its changed set is shipped; closing it releases what that took. */
public interface OpenSnapshot extends AutoCloseable {

    /** Answers the block store's {@code extents} request for the snapshot (and {@code locate}, if {@link #locatable()}). */
    BlockStoreClient reader();

    /** Whether the reader locates the snapshot's bytes in files of this host, so that chunks can be sent zero-copy. */
    boolean locatable();

    /**
     * Keeps the snapshot from being deleted while it is shipped to {@code target}, until the answer is closed.
     *
     * @throws io.datamover.transfer.domain.TransferException when it cannot be kept
     */
    Hold hold(String target);

    @Override
    void close();

    /** A hold on the snapshot, released on close. */
    interface Hold extends AutoCloseable {

        @Override
        void close();
    }
}
