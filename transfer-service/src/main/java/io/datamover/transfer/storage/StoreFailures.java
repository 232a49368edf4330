package io.datamover.transfer.storage;

import io.datamover.blockstore.api.BlockStoreException;
import io.datamover.transfer.domain.TransferException;
import io.datamover.transfer.domain.TransferException.Reason;

/**
 * Turns a failed call to the block store's API (the local store, or a mover pod that serves its contract) into a
 * transfer failure: worth retrying unless the callee refused.
 */
public final class StoreFailures {

    private StoreFailures() {
    }

    /**
     * @param doing what could not be done, after "cannot"
     * @param callee who was called, e.g. {@code the block store}
     */
    public static TransferException of(String doing, String callee, BlockStoreException e) {
        Reason reason = e.status() == 400 ? Reason.INVALID_REQUEST
                : e.status() > 400 && e.status() < 500 ? Reason.STORE_REJECTED
                : Reason.STORE_FAILED;
        String answer = e.status() == BlockStoreException.UNREACHABLE ? "did not answer" : "answered " + e.status();
        return new TransferException(reason, e.field(), "cannot " + doing + ": " + callee + " " + answer + ": "
                + e.getMessage(), e);
    }
}
