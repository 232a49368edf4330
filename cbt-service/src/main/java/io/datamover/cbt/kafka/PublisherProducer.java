package io.datamover.cbt.kafka;

import io.datamover.cbt.config.CbtConfig;
import io.datamover.events.CloudEvents;
import io.datamover.events.EventPublisher;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The publisher of this service's events, closed on shutdown. */
public class PublisherProducer {

    public static final String SERVICE = "cbt-service";

    @Produces
    @Singleton
    EventPublisher publisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            CbtConfig config) {
        return new EventPublisher(bootstrapServers, CloudEvents.source(config.site(), SERVICE));
    }

    void close(@Disposes EventPublisher publisher) {
        publisher.close();
    }
}
