package io.datamover.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/** The JSON Schemas shipped in the jar, loaded from the classpath, with format assertions on. */
final class EventSchemas {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .build();
    private static final Map<EventType, JsonSchema> SCHEMAS = new EnumMap<>(EventType.class);

    private EventSchemas() {
    }

    static synchronized JsonSchema of(EventType type) {
        return SCHEMAS.computeIfAbsent(type,
                t -> FACTORY.getSchema(SchemaLocation.of("classpath:" + t.schemaResource()), CONFIG));
    }

    static Set<ValidationMessage> validate(EventType type, JsonNode payload) {
        return of(type).validate(payload);
    }

    /** The draft 2020-12 meta-schema, which every schema of ours must satisfy. */
    static JsonSchema metaSchema() {
        return FACTORY.getSchema(SchemaLocation.of(SchemaId.V202012), CONFIG);
    }

    /** The schema file as a JSON tree. */
    static JsonNode document(EventType type) {
        try (InputStream in = EventSchemas.class.getResourceAsStream(type.schemaResource())) {
            if (in == null) {
                throw new IllegalStateException("no schema on the classpath at " + type.schemaResource());
            }
            return EventJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
