package io.datamover.placement.kafka;

import io.datamover.events.ReplicaState;
import io.datamover.placement.domain.PlacementException;
import io.datamover.placement.domain.ReplicaStateFold;
import io.datamover.placement.domain.VolumeAggregate;
import io.datamover.placement.topology.ReplicaStateTopology;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Reads the replica state of volumes from the topology's local store. */
@ApplicationScoped
public class ReplicaStateQueries {

    private final KafkaStreams streams;

    ReplicaStateQueries(KafkaStreams streams) {
        this.streams = streams;
    }

    public Optional<ReplicaState> volume(String volumeId) {
        return query(store -> Optional.ofNullable(store.get(volumeId)).map(ReplicaStateFold::view));
    }

    /** Every volume, by id. */
    public List<ReplicaState> volumes() {
        return query(store -> LocalStores.values(store).stream().map(ReplicaStateFold::view)
                .sorted(Comparator.comparing(ReplicaState::volumeId)).toList());
    }

    /** Whether the store answers queries: Streams is running and has restored it. */
    public boolean isQueryable() {
        try {
            query(store -> store.approximateNumEntries());
            return streams.state() == KafkaStreams.State.RUNNING;
        } catch (PlacementException e) {
            return false;
        }
    }

    private <T> T query(Function<ReadOnlyKeyValueStore<String, VolumeAggregate>, T> query) {
        return LocalStores.query(streams, ReplicaStateTopology.STORE, query);
    }
}
