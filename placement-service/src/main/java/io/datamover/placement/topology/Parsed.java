package io.datamover.placement.topology;

import io.datamover.events.Event;

/** An input record after parsing: either its event, or its original payload when it is malformed. */
record Parsed(Event event, byte[] payload) {

    static Parsed valid(Event event) {
        return new Parsed(event, null);
    }

    static Parsed malformed(byte[] payload) {
        return new Parsed(null, payload);
    }

    boolean isValid() {
        return event != null;
    }
}
