package io.datamover.placement.kafka;

import io.datamover.events.ReplicaState;
import io.datamover.placement.domain.PlacementException;
import io.datamover.placement.domain.ReplicaStateFold;
import io.datamover.placement.domain.VolumeAggregate;
import io.datamover.placement.topology.ReplicaStateTopology;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the replica state of volumes from the topology's local store. Every site's placement
 * service runs its own Streams application with one instance, so the local store holds every volume.
 */
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
        return query(store -> {
            List<ReplicaState> volumes = new ArrayList<>();
            try (KeyValueIterator<String, VolumeAggregate> all = store.all()) {
                all.forEachRemaining(entry -> volumes.add(ReplicaStateFold.view(entry.value)));
            }
            volumes.sort(Comparator.comparing(ReplicaState::volumeId));
            return volumes;
        });
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

    /** The store is unavailable while Streams starts, rebalances or restores it: that is a 503, not a failure. */
    private <T> T query(Function<ReadOnlyKeyValueStore<String, VolumeAggregate>, T> query) {
        try {
            return query.apply(streams.store(StoreQueryParameters.fromNameAndType(
                    ReplicaStateTopology.STORE, QueryableStoreTypes.keyValueStore())));
        } catch (InvalidStateStoreException e) {
            throw new PlacementException(PlacementException.Reason.NOT_READY, null,
                    "the replica state is not queryable yet (Kafka Streams is " + streams.state() + "): "
                            + e.getMessage());
        }
    }
}
