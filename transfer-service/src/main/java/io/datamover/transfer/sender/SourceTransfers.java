package io.datamover.transfer.sender;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.BlockStoreException;
import io.datamover.events.EventPublisher;
import io.datamover.transfer.config.TransferConfig;
import io.datamover.transfer.domain.Backoff;
import io.datamover.transfer.domain.ChangedSet;
import io.datamover.transfer.domain.TransferException;
import io.datamover.transfer.domain.TransferException.Reason;
import io.datamover.transfer.peer.PeerClient;
import io.datamover.transfer.peer.PeerHttp;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/** Ships a complete changed set of this site to each of its target sites. */
@ApplicationScoped
public class SourceTransfers {

    private static final Logger LOG = Logger.getLogger(SourceTransfers.class);

    private final TransferConfig config;
    private final BlockStoreClient store;
    private final Shipper shipper;
    private final HttpClient http;

    public SourceTransfers(TransferConfig config, BlockStoreClient store, EventPublisher publisher,
            Bandwidth bandwidth) {
        this.config = config;
        this.store = store;
        this.http = PeerHttp.client(config.transfer().tls());
        TransferConfig.Transfer transfer = config.transfer();
        this.shipper = new Shipper(config.site(), store, publisher, bandwidth,
                new Shipper.Settings(transfer.chunkBytes(), transfer.streams(), transfer.maxAttempts(),
                        new Backoff(transfer.initialBackoff(), transfer.maxBackoff()), transfer.zeroCopy()));
    }

    /** Chunks sent from the store's files to a target's data plane without being read, since the service started. */
    public long chunksZeroCopied() {
        return shipper.zeroCopied();
    }

    /**
     * Ships the set to every target, one after the other; a target that fails does not stop the others. The
     * snapshot is held ({@code transfer-<target>}) while it is shipped, so that retention cannot delete it.
     *
     * @throws TransferFailedException naming every target that could not be served, and why
     */
    public void ship(ChangedSet set) {
        List<String> failures = new ArrayList<>();
        for (String target : set.targetSites()) {
            try {
                PeerClient peer = peer(set, target);
                String holder = hold(set, target);
                try {
                    shipper.ship(set, target, peer);
                } finally {
                    release(set, holder);
                }
            } catch (TransferException e) {
                LOG.errorf("giving up shipping %s to site %s (%s): %s", set.describe(), target, e.reason(),
                        e.getMessage());
                failures.add(e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new TransferFailedException(String.join("; ", failures));
        }
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

    private PeerClient peer(ChangedSet set, String target) {
        String url = config.transfer().peers().get(target);
        if (url == null) {
            throw new TransferException(Reason.NO_PEER, null, "cannot ship " + set.describe()
                    + " to site " + target + ": no peer address configured (datamover.transfer.peers." + target
                    + ")");
        }
        return new PeerClient(target, url, http, config.transfer().requestTimeout());
    }
}
