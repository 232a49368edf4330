package io.datamover.placement.topology;

import io.datamover.events.Event;
import io.datamover.events.EventJson;
import io.datamover.events.EventType;
import java.util.Arrays;

/**
 * An event on its way to the coordinator through its single-partition repartition topic: the event's type code and
 * its JSON, so that one topic carries events of several types.
 */
record Signal(String type, byte[] json) {

    static Signal of(Event event) {
        return new Signal(EventType.of(event.getClass()).code(), EventJson.write(event));
    }

    Event event() {
        EventType eventType = Arrays.stream(EventType.values()).filter(t -> t.code().equals(type)).findFirst()
                .orElseThrow(() -> new IllegalStateException("not an event type of the contract: " + type));
        return EventJson.read(json, eventType.recordType());
    }
}
