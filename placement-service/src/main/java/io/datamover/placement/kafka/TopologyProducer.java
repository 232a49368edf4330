package io.datamover.placement.kafka;

import io.datamover.placement.config.PlacementConfig;
import io.datamover.placement.topology.ReplicaStateTopology;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;

/** Hands the replica-state topology to Quarkus, which runs it. */
@ApplicationScoped
public class TopologyProducer {

    @Produces
    Topology topology(PlacementConfig config) {
        return ReplicaStateTopology.build(new StreamsBuilder(), config.site());
    }
}
