package io.datamover.transfer.sender;

import io.datamover.transfer.domain.ChangedSet;
import io.datamover.transfer.domain.TransferException;

/** Where this site's snapshots are read from while their changed sets are shipped: the block store, or mover pods. */
public interface SnapshotSource {

    /**
     * Makes the set's snapshot readable until the answer is closed.
     *
     * @throws TransferException naming the volume, snapshot, site and what failed, when it cannot be read
     */
    OpenSnapshot open(ChangedSet set);

    /** Removes what an earlier run of the service opened and never closed (it crashed); called once at start. */
    void removeLeftovers();
}
