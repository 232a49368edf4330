package io.datamover.service.kafka;

import io.datamover.events.CloudEvents;

/**
 * Who speaks in this process's events: the site ({@code datamover.site}) and the service
 * ({@code quarkus.application.name}, e.g. {@code cbt-service}).
 */
public record ServiceIdentity(String site, String service) {

    /** The CloudEvents source of this service's events. */
    public String source() {
        return CloudEvents.source(site, service);
    }
}
