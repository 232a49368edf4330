package io.datamover.cbt.kafka;

import io.datamover.cbt.config.CbtConfig;
import io.datamover.cbt.domain.ChangedSet;
import io.datamover.cbt.service.ChangeTracker;
import io.datamover.events.BlocksChanged;
import io.datamover.events.EventJson;
import io.datamover.events.EventPublisher;
import io.datamover.events.SnapshotTaken;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Turns each snapshot of this site into its changed set, published as {@code blocks-changed}
 * pages. A malformed event, or a snapshot whose changed set cannot be found, throws: the record is
 * nacked and goes to the dead-letter topic with the reason, and the next one is processed.
 */
@ApplicationScoped
public class SnapshotTakenConsumer {

    public static final String CHANNEL = "snapshot-taken";

    private static final Logger LOG = Logger.getLogger(SnapshotTakenConsumer.class);

    private final String site;
    private final int pageExtents;
    private final ChangeTracker tracker;
    private final EventPublisher publisher;

    public SnapshotTakenConsumer(CbtConfig config, ChangeTracker tracker, EventPublisher publisher) {
        this.site = config.site();
        this.pageExtents = config.cbt().pageExtents();
        this.tracker = tracker;
        this.publisher = publisher;
    }

    @Incoming(CHANNEL)
    @Blocking(ordered = true)
    public void consume(String payload) {
        SnapshotTaken snapshot = EventJson.read(payload, SnapshotTaken.class);
        if (!site.equals(snapshot.site())) {
            return;
        }
        ChangedSet changes = tracker.changedSet(snapshot);
        List<BlocksChanged> pages = changes.pages(pageExtents);
        pages.forEach(publisher::publish);
        LOG.infof("snapshot %d of volume %s at site %s: %d changed bytes in %d extents (%s from base %s%s), %d pages",
                snapshot.snapshot(), snapshot.volumeId(), site, changes.changedBytes(), changes.extents().size(),
                changes.method().code(), changes.baseSnapshot() == null ? "none" : changes.baseSnapshot(),
                changes.fallback() == null ? "" : "; " + changes.fallback(), pages.size());
    }
}
