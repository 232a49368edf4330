package io.datamover.placement.kafka;

import io.datamover.placement.config.PlacementConfig;
import io.datamover.placement.domain.SitePolicy;
import io.datamover.placement.topology.PlacementTopology;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;

/** Hands the placement topology to Quarkus, which runs it. */
@ApplicationScoped
public class TopologyProducer {

    @Produces
    Topology topology(PlacementConfig config, SitePolicy policy) {
        return PlacementTopology.build(new StreamsBuilder(), config.site(), policy,
                config.placement().evaluateInterval());
    }
}
