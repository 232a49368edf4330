package io.datamover.placement.kafka;

import io.datamover.placement.domain.PlacementException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Queries of the topology's local stores. Every site's placement service runs its own Streams application with one
 * instance, so its local stores hold everything.
 */
final class LocalStores {

    private LocalStores() {
    }

    /** The store is unavailable while Streams starts, rebalances or restores it: that is a 503, not a failure. */
    static <V, T> T query(KafkaStreams streams, String store, Function<ReadOnlyKeyValueStore<String, V>, T> query) {
        try {
            return query.apply(streams.store(StoreQueryParameters.fromNameAndType(store,
                    QueryableStoreTypes.<String, V>keyValueStore())));
        } catch (InvalidStateStoreException e) {
            throw new PlacementException(PlacementException.Reason.NOT_READY, null, "placement's " + store
                    + " is not queryable yet (Kafka Streams is " + streams.state() + "): " + e.getMessage());
        }
    }

    static <V> List<V> values(ReadOnlyKeyValueStore<String, V> store) {
        List<V> values = new ArrayList<>();
        try (KeyValueIterator<String, V> all = store.all()) {
            all.forEachRemaining(entry -> values.add(entry.value));
        }
        return values;
    }
}
