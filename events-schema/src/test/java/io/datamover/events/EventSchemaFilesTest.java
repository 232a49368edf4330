package io.datamover.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every event type ships a draft 2020-12 schema that documents exactly the fields of its record. */
class EventSchemaFilesTest {

    /** Nested records, described under {@code $defs}. */
    private static final Map<String, Class<? extends Record>> NESTED = Map.of(
            "csiSnapshot", CsiSnapshot.class,
            "extent", Extent.class,
            "replicaStatus", ReplicaStatus.class,
            "transferProgress", TransferProgress.class);

    @ParameterizedTest
    @EnumSource(EventType.class)
    void shouldShipASchemaForEveryEventTypeInTheJar(EventType type) {
        assertThat(EventSchemaFilesTest.class.getResource(type.schemaResource()))
                .as("schema of %s at %s", type.code(), type.schemaResource())
                .isNotNull();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void shouldBeAValidDraft202012SchemaWithItsOwnId(EventType type) {
        JsonNode schema = EventSchemas.document(type);

        assertThat(EventSchemas.metaSchema().validate(schema)).isEmpty();
        assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.path("$id").asText()).isEqualTo("https://datamover.io/schemas/" + type.code()
                + ".schema.json");
        assertThat(schema.path("title").asText()).isEqualTo(type.code());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void shouldDescribeExactlyTheFieldsOfTheRecordInItsOrder(EventType type) {
        JsonNode schema = EventSchemas.document(type);

        assertThat(propertyNames(schema)).containsExactlyElementsOf(componentNames(type.recordType()));
        schema.path("$defs").properties().forEach(def -> {
            if (NESTED.containsKey(def.getKey())) {
                assertThat(propertyNames(def.getValue())).as("$defs/%s", def.getKey())
                        .containsExactlyElementsOf(componentNames(NESTED.get(def.getKey())));
            }
        });
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void shouldDescribeEveryFieldAndAllowFieldsOfLaterVersions(EventType type) {
        List<JsonNode> objects = objectSchemas(EventSchemas.document(type), new ArrayList<>());

        assertThat(objects).isNotEmpty().allSatisfy(object -> {
            assertThat(object.path("additionalProperties").asBoolean()).isTrue();
            assertThat(object.path("description").asText()).isNotBlank();
            object.path("properties").properties().forEach(property ->
                    assertThat(property.getValue().path("description").asText()).as(property.getKey())
                            .isNotBlank());
        });
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void shouldRequireTheCommonFieldsOfEveryEvent(EventType type) {
        List<String> required = new ArrayList<>();
        EventSchemas.document(type).path("required").forEach(field -> required.add(field.asText()));

        assertThat(required).contains("schemaVersion", "eventId", "timestamp");
        assertThat(propertyNames(EventSchemas.document(type))).containsAll(required);
    }

    private static List<String> propertyNames(JsonNode schema) {
        List<String> names = new ArrayList<>();
        schema.path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> componentNames(Class<?> record) {
        return Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName).toList();
    }

    /** The schemas of objects with named properties: the event itself and the nested records. */
    private static List<JsonNode> objectSchemas(JsonNode schema, List<JsonNode> found) {
        if (schema.has("properties")) {
            found.add(schema);
        }
        schema.path("$defs").forEach(def -> objectSchemas(def, found));
        return found;
    }
}
