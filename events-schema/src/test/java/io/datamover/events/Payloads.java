package io.datamover.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/** JSON payloads of sample events, to take apart in tests. */
final class Payloads {

    private Payloads() {
    }

    static ObjectNode tree(Event event) {
        try {
            return (ObjectNode) EventJson.mapper().readTree(EventJson.write(event));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON of the event after {@code change} was applied to its tree. */
    static String edited(Event event, Consumer<ObjectNode> change) {
        ObjectNode tree = tree(event);
        change.accept(tree);
        return text(tree);
    }

    static String text(JsonNode tree) {
        try {
            return EventJson.mapper().writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
