package io.datamover.service.kafka;

import io.datamover.events.EventPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** This service's identity and the publisher of its events, closed on shutdown. */
@ApplicationScoped
public class PublisherProducer {

    /** The site comes raw here: each service's config mapping has already refused an invalid one at start. */
    @Produces
    @Singleton
    ServiceIdentity identity(@ConfigProperty(name = "datamover.site") String site,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        return new ServiceIdentity(site.strip(), service);
    }

    @Produces
    @Singleton
    EventPublisher publisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            ServiceIdentity identity) {
        return new EventPublisher(bootstrapServers, identity.source());
    }

    void close(@Disposes EventPublisher publisher) {
        publisher.close();
    }
}
