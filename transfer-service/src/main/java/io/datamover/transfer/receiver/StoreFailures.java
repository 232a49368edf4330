package io.datamover.transfer.receiver;

import io.datamover.blockstore.api.BlockStoreException;
import io.datamover.transfer.domain.TransferException;
import io.datamover.transfer.domain.TransferException.Reason;

/** Turns a failed call to the local store into a transfer failure: worth retrying unless the store refused. */
final class StoreFailures {

    private StoreFailures() {
    }

    static TransferException of(String doing, BlockStoreException e) {
        Reason reason = e.status() == 400 ? Reason.INVALID_REQUEST
                : e.status() > 400 && e.status() < 500 ? Reason.STORE_REJECTED
                : Reason.STORE_FAILED;
        String answer = e.status() == BlockStoreException.UNREACHABLE ? "did not answer" : "answered " + e.status();
        return new TransferException(reason, e.field(), "cannot " + doing + ": the block store " + answer + ": "
                + e.getMessage(), e);
    }
}
