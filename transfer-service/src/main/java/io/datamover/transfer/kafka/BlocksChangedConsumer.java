package io.datamover.transfer.kafka;

import io.datamover.events.BlocksChanged;
import io.datamover.events.EventFormatException;
import io.datamover.events.EventJson;
import io.datamover.transfer.config.TransferConfig;
import io.datamover.transfer.domain.ChangedSet;
import io.datamover.transfer.domain.PageCollector;
import io.datamover.transfer.sender.SourceTransfers;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Collects this site's {@code blocks-changed} pages and ships each complete changed set to its
 * targets. A page is acknowledged only when its whole set is shipped, so that a restart reads the
 * pages of an unfinished set again; a set that cannot be shipped, a malformed page, or pages that
 * can never complete a set go to the dead-letter topic with the reason.
 */
@ApplicationScoped
public class BlocksChangedConsumer {

    private static final Logger LOG = Logger.getLogger(BlocksChangedConsumer.class);

    private final String site;
    private final SourceTransfers transfers;
    private final PageCollector<Message<String>> pages = new PageCollector<>();

    public BlocksChangedConsumer(TransferConfig config, SourceTransfers transfers) {
        this.site = config.site();
        this.transfers = transfers;
    }

    @Incoming("blocks-changed")
    @Blocking(ordered = true)
    public CompletionStage<Void> consume(Message<String> message) {
        BlocksChanged page;
        try {
            page = EventJson.read(message.getPayload(), BlocksChanged.class);
        } catch (EventFormatException | IllegalArgumentException e) {
            LOG.warnf("dead-lettering a blocks-changed record at site %s: %s", site, e.getMessage());
            return message.nack(e);
        }
        if (!site.equals(page.site())) {
            return message.ack();
        }
        PageCollector.Added<Message<String>> added;
        synchronized (pages) {
            added = pages.add(page, message);
        }
        CompletableFuture<Void> abandoned = added.abandoned().map(a -> {
            LOG.errorf("dead-lettering at site %s: %s", site, a.reason());
            return nackAll(a.handles(), new IllegalStateException(a.reason()));
        }).orElse(CompletableFuture.completedFuture(null));
        CompletableFuture<Void> shipped = added.completed()
                .map(c -> ship(c.changedSet(), c.handles()))
                .orElse(CompletableFuture.completedFuture(null));
        return CompletableFuture.allOf(abandoned, shipped);
    }

    private CompletableFuture<Void> ship(ChangedSet set, List<Message<String>> handles) {
        LOG.infof("shipping %s to %s: %d bytes changed in %d extents", set.describe(), set.targetSites(),
                set.changedBytes(), set.extents().size());
        try {
            transfers.ship(set);
        } catch (RuntimeException e) {
            LOG.errorf("dead-lettering the changed set of %s: %s", set.describe(), e.getMessage());
            return nackAll(handles, e);
        }
        return CompletableFuture.allOf(handles.stream()
                .map(m -> m.ack().toCompletableFuture()).toArray(CompletableFuture[]::new));
    }

    private static CompletableFuture<Void> nackAll(List<Message<String>> handles, Throwable reason) {
        return CompletableFuture.allOf(handles.stream()
                .map(m -> m.nack(reason).toCompletableFuture()).toArray(CompletableFuture[]::new));
    }
}
