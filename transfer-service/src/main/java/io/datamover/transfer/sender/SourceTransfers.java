package io.datamover.transfer.sender;

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
    private final SnapshotSource source;
    private final Shipper shipper;
    private final HttpClient http;

    public SourceTransfers(TransferConfig config, SnapshotSource source, EventPublisher publisher,
            Bandwidth bandwidth) {
        this.config = config;
        this.source = source;
        this.http = PeerHttp.client(config.transfer().tls());
        TransferConfig.Transfer transfer = config.transfer();
        this.shipper = new Shipper(config.site(), publisher, bandwidth,
                new Shipper.Settings(transfer.chunkBytes(), transfer.streams(), transfer.maxAttempts(),
                        new Backoff(transfer.initialBackoff(), transfer.maxBackoff()), transfer.zeroCopy()));
    }

    /** Chunks sent from the store's files to a target's data plane without being read, since the service started. */
    public long chunksZeroCopied() {
        return shipper.zeroCopied();
    }

    /**
     * Ships the set to every target, one after the other; a target that fails does not stop the others. The
     * snapshot is opened for reading once for all targets (for csi, a mover pod) and held while it is shipped to
     * each, so that retention cannot delete it.
     *
     * @throws TransferFailedException naming every target that could not be served, and why, or why the snapshot
     *     could not be read at all
     */
    public void ship(ChangedSet set) {
        List<String> failures = new ArrayList<>();
        try (OpenSnapshot snapshot = source.open(set)) {
            for (String target : set.targetSites()) {
                try {
                    PeerClient peer = peer(set, target);
                    OpenSnapshot.Hold hold = snapshot.hold(target);
                    try {
                        shipper.ship(set, target, peer, snapshot);
                    } finally {
                        hold.close();
                    }
                } catch (TransferException e) {
                    LOG.errorf("giving up shipping %s to site %s (%s): %s", set.describe(), target, e.reason(),
                            e.getMessage());
                    failures.add(e.getMessage());
                }
            }
        } catch (TransferException e) {
            LOG.errorf("giving up shipping %s to %s (%s): %s", set.describe(), set.targetSites(), e.reason(),
                    e.getMessage());
            failures.add(e.getMessage());
        }
        if (!failures.isEmpty()) {
            throw new TransferFailedException(String.join("; ", failures));
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
