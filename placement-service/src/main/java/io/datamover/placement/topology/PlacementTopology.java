package io.datamover.placement.topology;

import io.datamover.placement.domain.SitePolicy;
import java.time.Duration;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;

/** The placement service's whole topology: the replica state of every volume, and the coordinator fed by it. */
public final class PlacementTopology {

    private PlacementTopology() {
    }

    public static Topology build(StreamsBuilder builder, String site, SitePolicy policy, Duration evaluateInterval) {
        CoordinatorTopology.addTo(builder, site, policy, evaluateInterval, ReplicaStateTopology.addTo(builder, site));
        return builder.build();
    }
}
