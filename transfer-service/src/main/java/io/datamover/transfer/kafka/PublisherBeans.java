package io.datamover.transfer.kafka;

import io.datamover.events.CloudEvents;
import io.datamover.events.EventPublisher;
import io.datamover.transfer.config.TransferConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The publisher of this service's events, closed on shutdown. */
@ApplicationScoped
public class PublisherBeans {

    public static final String SERVICE = "transfer-service";

    @Produces
    @Singleton
    EventPublisher publisher(TransferConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        return new EventPublisher(bootstrapServers, CloudEvents.source(config.site(), SERVICE));
    }

    void close(@Disposes EventPublisher publisher) {
        publisher.close();
    }
}
