package io.datamover.transfer.source;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.events.EventPublisher;
import io.datamover.transfer.config.TransferConfig;
import io.datamover.transfer.domain.Backoff;
import io.datamover.transfer.domain.ChangedSet;
import io.datamover.transfer.domain.TransferException;
import io.datamover.transfer.peer.PeerClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/** Ships a complete changed set of this site to each of its target sites. */
@ApplicationScoped
public class SourceTransfers {

    private static final Logger LOG = Logger.getLogger(SourceTransfers.class);

    private final TransferConfig config;
    private final Shipper shipper;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    public SourceTransfers(TransferConfig config, BlockStoreClient store, EventPublisher publisher) {
        this.config = config;
        TransferConfig.Transfer transfer = config.transfer();
        this.shipper = new Shipper(config.site(), new ChunkReader(store), publisher, transfer.chunkBytes(),
                transfer.maxAttempts(), new Backoff(transfer.initialBackoff(), transfer.maxBackoff()));
    }

    /**
     * Ships the set to every target, one after the other; a target that fails does not stop the others.
     *
     * @throws TransferFailedException naming every target that could not be served, and why
     */
    public void ship(ChangedSet set) {
        List<String> failures = new ArrayList<>();
        for (String target : set.targetSites()) {
            try {
                shipper.ship(set, target, peer(set, target));
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

    private PeerClient peer(ChangedSet set, String target) {
        String url = config.transfer().peers().get(target);
        if (url == null) {
            throw new TransferException(TransferException.Reason.NO_PEER, null, "cannot ship " + set.describe()
                    + " to site " + target + ": no peer address configured (datamover.transfer.peers." + target
                    + ")");
        }
        return new PeerClient(target, url, http, config.transfer().requestTimeout());
    }
}
