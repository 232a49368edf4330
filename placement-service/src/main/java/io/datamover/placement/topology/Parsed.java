package io.datamover.placement.topology;

import io.datamover.events.Event;

/** An input record after parsing: its original payload, and its event unless it is malformed. */
record Parsed(Event event, byte[] payload) {

    static Parsed valid(Event event, byte[] payload) {
        return new Parsed(event, payload);
    }

    static Parsed malformed(byte[] payload) {
        return new Parsed(null, payload);
    }

    boolean isValid() {
        return event != null;
    }
}
