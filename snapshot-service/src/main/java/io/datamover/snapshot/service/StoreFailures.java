package io.datamover.snapshot.service;

import io.datamover.blockstore.api.BlockStoreException;
import io.datamover.snapshot.domain.ProtectionException;
import io.datamover.snapshot.domain.ProtectionException.Reason;

/** A failed request to the block store as the error of a request to this service. */
public final class StoreFailures {

    private StoreFailures() {
    }

    /**
     * @param field the request field that names the volume(s) concerned
     * @param subject what the request was about, e.g. {@code volume 'db'}
     */
    public static ProtectionException of(String site, String field, String subject, BlockStoreException e) {
        if (e.isNotFound()) {
            return new ProtectionException(Reason.NOT_FOUND, field, e.getMessage(), e);
        }
        if (e.isConflict()) {
            return new ProtectionException(Reason.CONFLICT, field, e.getMessage(), e);
        }
        return new ProtectionException(Reason.STORE_UNAVAILABLE, null, "the block store of site " + site
                + " failed for " + subject + ": " + e.getMessage(), e);
    }
}
