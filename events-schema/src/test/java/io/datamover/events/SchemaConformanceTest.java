package io.datamover.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The schemas reject exactly what the records reject, field by field: every field of every sample
 * event is removed, nulled, given the wrong type, made negative or zero, given a bad id or an
 * unknown enum code, and the record and the schema must agree on the result. Rules JSON Schema
 * cannot express (page &lt; pageCount, ascending extents, bytesDone &lt;= bytesTotal) are left to
 * {@link EventJsonTest}; a change that breaks one only has to be named by the record.
 */
class SchemaConformanceTest {

    private static final Set<String> ID_FIELDS = Set.of("site", "volumeId", "groupId", "targetSites", "sourceSite",
            "targetSite", "service", "fromSite", "volumeIds", "primarySite");
    private static final Set<String> ENUM_FIELDS = Set.of("method", "consistency", "type", "state");
    private static final List<String> BAD_IDS = List.of("../etc", "Stock_holm", "", "-stockholm",
            "sixty-four-characters-are-one-more-than-a-dns-label-can-hold-abc");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The records' messages for rules across fields, which the schemas state in their descriptions only. */
    private static final List<String> CROSS_FIELD_RULES = List.of("must not exceed",
            "only a volume group has a priority");

    /** A payload derived from a sample by one change; {@code field} is what an error must name. */
    record Case(String name, EventType type, JsonNode payload, String field) {
        @Override
        public String toString() {
            return name;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldRejectExactlyWhatTheRecordRejects(Case c) {
        Optional<String> recordError = recordError(c);
        Set<ValidationMessage> schemaErrors = EventSchemas.validate(c.type(), c.payload());

        if (recordError.isPresent() && CROSS_FIELD_RULES.stream().anyMatch(recordError.get()::contains)) {
            assertThat(recordError.get()).as("%s: the record's message names the field", c).contains(c.field());
        } else if (recordError.isPresent()) {
            assertThat(schemaErrors).as("%s: the record rejects it (%s) but the schema accepts it", c,
                    recordError.get()).isNotEmpty();
            assertThat(recordError.get()).as("%s: the record's message names the field", c).contains(c.field());
        } else {
            assertThat(schemaErrors).as("%s: the record accepts it but the schema rejects it", c).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badIds")
    void shouldRejectInvalidIdsInRecordAndSchema(Case c) {
        assertThat(recordError(c)).as("%s: the record's error", c)
                .hasValueSatisfying(message -> assertThat(message).contains(c.field()));
        assertThat(EventSchemas.validate(c.type(), c.payload())).as("%s: the schema's errors", c).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badEnumCodes")
    void shouldRejectUnknownEnumCodesInRecordAndSchema(Case c) {
        assertThat(recordError(c)).as("%s: the record's error", c)
                .hasValueSatisfying(message -> assertThat(message).contains(c.field()));
        assertThat(EventSchemas.validate(c.type(), c.payload())).as("%s: the schema's errors", c).isNotEmpty();
    }

    static Stream<Case> cases() {
        return Stream.of(
                mutations("without", (leaf, value) -> null),
                mutations("null", (leaf, value) -> NODES.nullNode()),
                mutations("of the wrong type", (leaf, value) -> value.isContainerNode()
                        ? NODES.textNode("not-a-container")
                        : NODES.objectNode().put("unexpected", true)),
                mutations("negative", (leaf, value) -> value.isNumber() ? minusOne(value) : value),
                mutations("zero", (leaf, value) -> value.isNumber() ? zero(value) : value),
                wholeEventCases())
                .flatMap(s -> s);
    }

    static Stream<Case> badIds() {
        return BAD_IDS.stream().flatMap(bad -> mutations("id '" + bad + "'",
                (leaf, value) -> value.isTextual() && ID_FIELDS.contains(leaf) ? NODES.textNode(bad) : value));
    }

    static Stream<Case> badEnumCodes() {
        return Stream.of("unknown", "CBT", "Crash", "FROZEN").flatMap(bad -> mutations("code '" + bad + "'",
                (leaf, value) -> ENUM_FIELDS.contains(leaf) ? NODES.textNode(bad) : value));
    }

    /** Changes that are not about one field's value: rules across fields, map keys. */
    private static Stream<Case> wholeEventCases() {
        ObjectNode fullWithBase = Payloads.tree(SampleEvents.full(EventType.BLOCKS_CHANGED)).put("method", "full");
        ObjectNode cbtWithoutBase = Payloads.tree(SampleEvents.minimal(EventType.BLOCKS_CHANGED)).put("method", "cbt");
        ObjectNode replicaUnderBadKey = Payloads.tree(SampleEvents.full(EventType.REPLICA_STATE));
        ObjectNode replicas = replicaUnderBadKey.withObject("/replicas");
        replicas.set("../etc", replicas.remove("falkenberg"));
        return Stream.of(
                new Case("blocks-changed: method full with a baseSnapshot", EventType.BLOCKS_CHANGED, fullWithBase,
                        "baseSnapshot"),
                new Case("blocks-changed: method cbt without baseSnapshot", EventType.BLOCKS_CHANGED, cbtWithoutBase,
                        "baseSnapshot"),
                new Case("replica-state: a replica under the key '../etc'", EventType.REPLICA_STATE,
                        replicaUnderBadKey, "replicas"));
    }

    /** What a mutation makes of a field (by its name) and its value; null removes it, the value itself skips it. */
    private interface Mutation {
        JsonNode apply(String field, JsonNode value);
    }

    /** One case per field of every full sample that the mutation changes. */
    private static Stream<Case> mutations(String label, Mutation mutation) {
        return Arrays.stream(EventType.values()).flatMap(type -> {
            ObjectNode sample = Payloads.tree(SampleEvents.full(type));
            List<Case> cases = new ArrayList<>();
            for (JsonPointer at : fields(sample, JsonPointer.empty(), new ArrayList<>())) {
                String field = fieldName(at);
                JsonNode value = sample.at(at);
                JsonNode changed = mutation.apply(field, value);
                if (changed == value || changed == null && at.last().getMatchingIndex() >= 0) {
                    continue;
                }
                ObjectNode payload = sample.deepCopy();
                set(payload, at, changed);
                cases.add(new Case(type.code() + ": " + at + " " + label, type, payload, field));
            }
            return cases.stream();
        });
    }

    /** Pointers to every field of the tree, nested ones included; of an array, its first element. */
    private static List<JsonPointer> fields(JsonNode node, JsonPointer at, List<JsonPointer> found) {
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> {
                JsonPointer child = at.appendProperty(name);
                found.add(child);
                fields(node.get(name), child, found);
            });
        } else if (node.isArray() && !node.isEmpty()) {
            JsonPointer first = at.appendIndex(0);
            found.add(first);
            fields(node.get(0), first, found);
        }
        return found;
    }

    /** The record field a pointer ends in: the list's name for a list element. */
    private static String fieldName(JsonPointer at) {
        JsonPointer last = at.last();
        if (last.getMatchingIndex() >= 0) {
            return fieldName(at.head());
        }
        return last.getMatchingProperty();
    }

    private static void set(ObjectNode root, JsonPointer at, JsonNode value) {
        JsonNode parent = root.at(at.head());
        String name = at.last().getMatchingProperty();
        if (parent instanceof ArrayNode array) {
            array.set(at.last().getMatchingIndex(), value);
        } else if (value == null) {
            ((ObjectNode) parent).remove(name);
        } else {
            ((ObjectNode) parent).set(name, value);
        }
    }

    private static JsonNode minusOne(JsonNode value) {
        return value.isIntegralNumber() ? NODES.numberNode(-1L) : NODES.numberNode(-1.0);
    }

    private static JsonNode zero(JsonNode value) {
        return value.isIntegralNumber() ? NODES.numberNode(0L) : NODES.numberNode(0.0);
    }

    private static Optional<String> recordError(Case c) {
        try {
            EventJson.read(Payloads.text(c.payload()), c.type().recordType());
            return Optional.empty();
        } catch (EventFormatException e) {
            return Optional.of(e.getMessage());
        }
    }
}
