package io.datamover.placement.topology;

import io.datamover.events.CloudEvents;
import io.datamover.events.Event;
import io.datamover.events.ReplicaState;
import io.datamover.placement.domain.ReplicaStateFold;
import io.datamover.placement.domain.VolumeAggregate;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Folds each event into its volume's aggregate in the store and emits the volume's new state, if it
 * changed. An event that changes nothing of a volume never seen leaves no aggregate behind.
 */
final class FoldReplicaState implements FixedKeyProcessor<String, Event, ReplicaState> {

    private final String source;
    private FixedKeyProcessorContext<String, ReplicaState> context;
    private KeyValueStore<String, VolumeAggregate> store;

    FoldReplicaState(String source) {
        this.source = source;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, ReplicaState> context) {
        this.context = context;
        this.store = context.getStateStore(ReplicaStateTopology.STORE);
    }

    @Override
    public void process(FixedKeyRecord<String, Event> record) {
        String volumeId = record.key();
        VolumeAggregate stored = store.get(volumeId);
        VolumeAggregate before = stored != null ? stored : VolumeAggregate.empty(volumeId);
        VolumeAggregate after = ReplicaStateFold.apply(before, record.value());
        if (after.equals(before)) {
            return;
        }
        store.put(volumeId, after);
        ReplicaState state = ReplicaStateFold.view(after);
        context.forward(record.withValue(state).withHeaders(CloudEvents.headers(state, source)));
    }
}
