package io.datamover.transfer.kafka;

import io.datamover.events.EventPublisher;
import io.datamover.events.SiteHeartbeat;
import io.datamover.transfer.config.TransferConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Tells everyone this site's transfer-service is alive. */
@ApplicationScoped
public class Heartbeat {

    private static final Logger LOG = Logger.getLogger(Heartbeat.class);

    private final TransferConfig config;
    private final EventPublisher publisher;

    public Heartbeat(TransferConfig config, EventPublisher publisher) {
        this.config = config;
        this.publisher = publisher;
    }

    @Scheduled(every = "${datamover.heartbeat-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void beat() {
        try {
            publisher.publish(SiteHeartbeat.of(config.site(), PublisherBeans.SERVICE));
        } catch (IllegalStateException e) {
            LOG.warnf("cannot publish the heartbeat of site %s: %s", config.site(), e.getMessage());
        }
    }
}
