package io.datamover.transfer.storage;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.BlockStoreException;
import io.datamover.transfer.domain.ChangedSet;
import io.datamover.transfer.domain.TransferException;
import io.datamover.transfer.domain.TransferException.Reason;
import io.datamover.transfer.sender.OpenSnapshot;
import io.datamover.transfer.sender.SnapshotSource;
import org.jboss.logging.Logger;

/**
 * The embedded backend: snapshots are read from the site's block store, zero-copy where its files lie on this host,
 * and held there ({@code transfer.<target>}) while shipped to a target, so that retention cannot delete them.
 */
public final class StoreSnapshots implements SnapshotSource {

    private static final Logger LOG = Logger.getLogger(StoreSnapshots.class);

    private final BlockStoreClient store;

    public StoreSnapshots(BlockStoreClient store) {
        this.store = store;
    }

    @Override
    public OpenSnapshot open(ChangedSet set) {
        return new OpenSnapshot() {
            @Override
            public BlockStoreClient reader() {
                return store;
            }

            @Override
            public boolean locatable() {
                return true;
            }

            @Override
            public Hold hold(String target) {
                String holder = StoreSnapshots.this.hold(set, target);
                return () -> release(set, holder);
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * Nothing to look for: a hold a crash left is released when the set, whose pages were not acknowledged, is
     * shipped again after the restart.
     */
    @Override
    public void removeLeftovers() {
    }

    private String hold(ChangedSet set, String target) {
        String holder = "transfer." + target;
        try {
            store.hold(set.volumeId(), set.snapshot(), holder);
            return holder;
        } catch (BlockStoreException e) {
            boolean retryable = e.status() == BlockStoreException.UNREACHABLE || e.status() >= 500;
            throw new TransferException(retryable ? Reason.STORE_FAILED : Reason.SOURCE_READ_FAILED, null,
                    "cannot ship " + set.describe() + " to site " + target + ": holding the snapshot as " + holder
                            + " in the local store failed: " + e.getMessage(), e);
        }
    }

    /** A hold left behind only keeps the snapshot from being deleted: worth a warning, not a failed transfer. */
    private void release(ChangedSet set, String holder) {
        try {
            store.release(set.volumeId(), set.snapshot(), holder);
        } catch (BlockStoreException e) {
            LOG.warnf("cannot release hold %s on %s in the local store, retention cannot delete it until it is"
                    + " released: %s", holder, set.describe(), e.getMessage());
        }
    }
}
