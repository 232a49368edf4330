package io.datamover.placement.kafka;

import io.datamover.events.CloudEvents;
import io.datamover.events.EventPublisher;
import io.datamover.placement.config.PlacementConfig;
import io.datamover.placement.topology.ReplicaStateTopology;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The service's {@link EventPublisher}, closed on shutdown. */
@ApplicationScoped
public class EventPublisherProducer {

    @Produces
    @Singleton
    EventPublisher publisher(PlacementConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        return new EventPublisher(bootstrapServers, CloudEvents.source(config.site(), ReplicaStateTopology.SERVICE));
    }

    void close(@Disposes EventPublisher publisher) {
        publisher.close();
    }
}
