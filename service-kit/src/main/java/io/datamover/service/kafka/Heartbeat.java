package io.datamover.service.kafka;

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

    private final ServiceIdentity identity;
    private final EventPublisher publisher;

    Heartbeat(ServiceIdentity identity, EventPublisher publisher) {
        this.identity = identity;
        this.publisher = publisher;
    }

    @Scheduled(every = "${datamover.heartbeat-interval:5s}", concurrentExecution = ConcurrentExecution.SKIP)
    void beat() {
        try {
            publisher.publish(SiteHeartbeat.of(identity.site(), identity.service()));
        } catch (RuntimeException e) {
            LOG.warnf("cannot publish the heartbeat of %s at site %s: %s", identity.service(), identity.site(),
                    e.getMessage());
        }
    }
}
