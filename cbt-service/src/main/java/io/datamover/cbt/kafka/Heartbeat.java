package io.datamover.cbt.kafka;

import io.datamover.cbt.config.CbtConfig;
import io.datamover.events.EventPublisher;
import io.datamover.events.SiteHeartbeat;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** Tells every {@code datamover.heartbeat-interval} that this service of its site is alive. */
@Singleton
public class Heartbeat {

    private static final Logger LOG = Logger.getLogger(Heartbeat.class);

    private final String site;
    private final EventPublisher publisher;

    public Heartbeat(CbtConfig config, EventPublisher publisher) {
        this.site = config.site();
        this.publisher = publisher;
    }

    @Scheduled(every = "${datamover.heartbeat-interval}", concurrentExecution = ConcurrentExecution.SKIP)
    void beat() {
        try {
            publisher.publish(SiteHeartbeat.of(site, PublisherProducer.SERVICE));
        } catch (RuntimeException e) {
            LOG.warnf("cannot publish the heartbeat of site %s: %s", site, e.getMessage());
        }
    }
}
