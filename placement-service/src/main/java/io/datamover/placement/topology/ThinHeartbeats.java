package io.datamover.placement.topology;

import io.datamover.events.SiteHeartbeat;
import io.datamover.placement.domain.HeartbeatGate;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/** Drops the heartbeats a {@link HeartbeatGate} does not pass, before they are re-keyed to the coordinator. */
final class ThinHeartbeats implements FixedKeyProcessor<String, Parsed, Parsed> {

    private final HeartbeatGate gate;
    private FixedKeyProcessorContext<String, Parsed> context;

    ThinHeartbeats(Duration gate) {
        this.gate = new HeartbeatGate(gate);
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Parsed> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, Parsed> record) {
        Parsed parsed = record.value();
        if (parsed.isValid() && parsed.event() instanceof SiteHeartbeat heartbeat
                && !gate.passes(heartbeat.site(), heartbeat.timestamp())) {
            return;
        }
        context.forward(record);
    }
}
