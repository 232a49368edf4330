package io.datamover.placement.kafka;

import io.datamover.events.EventPublisher;
import io.datamover.events.SiteHeartbeat;
import io.datamover.placement.config.PlacementConfig;
import io.datamover.placement.topology.ReplicaStateTopology;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Tells the other sites that this site's placement service is alive. */
@ApplicationScoped
public class Heartbeat {

    private static final Logger LOG = Logger.getLogger(Heartbeat.class);

    private final EventPublisher publisher;
    private final String site;

    Heartbeat(EventPublisher publisher, PlacementConfig config) {
        this.publisher = publisher;
        this.site = config.site();
    }

    @Scheduled(every = "${datamover.heartbeat-interval}", concurrentExecution = ConcurrentExecution.SKIP)
    void beat() {
        try {
            publisher.publish(SiteHeartbeat.of(site, ReplicaStateTopology.SERVICE));
        } catch (RuntimeException e) {
            LOG.warnf("cannot publish the heartbeat of site %s: %s", site, e.getMessage());
        }
    }
}
