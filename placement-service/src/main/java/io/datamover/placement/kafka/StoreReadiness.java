package io.datamover.placement.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the replica-state store answers queries, so that no one is sent to a service that can only say 503. */
@Readiness
@ApplicationScoped
public class StoreReadiness implements HealthCheck {

    private final ReplicaStateQueries queries;

    StoreReadiness(ReplicaStateQueries queries) {
        this.queries = queries;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("replica-state store").status(queries.isQueryable()).build();
    }
}
