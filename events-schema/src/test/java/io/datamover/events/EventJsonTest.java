package io.datamover.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventJsonTest {

    private static final SnapshotTaken SNAPSHOT = (SnapshotTaken) SampleEvents.full(EventType.SNAPSHOT_TAKEN);
    private static final BlocksChanged BLOCKS = (BlocksChanged) SampleEvents.full(EventType.BLOCKS_CHANGED);

    @ParameterizedTest
    @EnumSource(EventType.class)
    void shouldIgnoreFieldsItDoesNotKnow(EventType type) {
        Event event = SampleEvents.full(type);
        String json = Payloads.edited(event, tree -> {
            tree.put("addedInVersion2", "some value");
            tree.putObject("nestedFuture").put("depth", 2);
        });

        assertThat(EventJson.read(json, event.getClass())).isEqualTo(event);
    }

    @Test
    void shouldReadAnEventOfALaterSchemaVersionWithFieldsAddedInside() {
        String json = Payloads.edited(BLOCKS, tree -> {
            tree.put("schemaVersion", 2);
            ((ObjectNode) tree.withArray("extents").get(0)).put("compressedLength", 1234);
        });

        BlocksChanged read = EventJson.read(json, BlocksChanged.class);

        assertThat(read.schemaVersion()).isEqualTo(2);
        assertThat(read.extents()).isEqualTo(BLOCKS.extents());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"schemaVersion\": 1, \"site\": ", "snapshot 42 of pg-data", "{'site': 'stockholm'}"})
    void shouldRejectAPayloadThatIsNotJson(String payload) {
        assertThatThrownBy(() -> EventJson.read(payload, SnapshotTaken.class))
                .isInstanceOf(EventFormatException.class)
                .hasMessageStartingWith("malformed snapshot-taken event: not valid JSON");
    }

    @Test
    void shouldRejectAnEmptyPayload() {
        assertThatThrownBy(() -> EventJson.read(new byte[0], SnapshotTaken.class))
                .isInstanceOf(EventFormatException.class)
                .hasMessage("malformed snapshot-taken event: the payload is empty");
        assertThatThrownBy(() -> EventJson.read((String) null, SnapshotTaken.class))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("the payload is empty");
    }

    @Test
    void shouldRejectJsonNull() {
        assertThatThrownBy(() -> EventJson.read("null".getBytes(StandardCharsets.UTF_8), SiteHeartbeat.class))
                .isInstanceOf(EventFormatException.class)
                .hasMessage("malformed site-heartbeat event: the payload is JSON null");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "42", "\"snapshot-taken\""})
    void shouldRejectJsonThatIsNotAnObject(String payload) {
        assertThatThrownBy(() -> EventJson.read(payload, SnapshotTaken.class))
                .isInstanceOf(EventFormatException.class)
                .hasMessageStartingWith("malformed snapshot-taken event: ")
                .hasMessageContaining("SnapshotTaken");
    }

    @ParameterizedTest
    @ValueSource(strings = {"eventId", "timestamp", "volumeId", "snapshot", "consistency", "targetSites"})
    void shouldNameTheRequiredFieldThatIsMissing(String field) {
        String json = Payloads.edited(SNAPSHOT, tree -> tree.remove(field));

        assertThatThrownBy(() -> EventJson.read(json, SnapshotTaken.class))
                .isInstanceOf(EventFormatException.class)
                .hasMessageStartingWith("malformed snapshot-taken event: ")
                .hasMessageContaining("'" + field + "'");
    }

    @Test
    void shouldNameTheFieldOfTheWrongType() {
        String json = Payloads.edited(SNAPSHOT, tree -> tree.put("snapshot", "forty-two"));

        assertThatThrownBy(() -> EventJson.read(json, SnapshotTaken.class))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("field 'snapshot'");
    }

    @Test
    void shouldNameTheTimeThatIsNotIso8601() {
        String json = Payloads.edited(BLOCKS, tree -> tree.put("snapshotTakenAt", "yesterday at noon"));

        assertThatThrownBy(() -> EventJson.read(json, BlocksChanged.class))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("field 'snapshotTakenAt'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc", "Stock_holm", "", "-stockholm", "stockholm-", "stock.holm",
            "sixty-four-characters-are-one-more-than-a-dns-label-can-hold-abc"})
    void shouldRejectAnInvalidIdNamingTheField(String id) {
        String json = Payloads.edited(SNAPSHOT, tree -> tree.put("site", id));

        assertThatThrownBy(() -> EventJson.read(json, SnapshotTaken.class))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("field 'site' is not a valid id");
    }

    @Test
    void shouldAcceptAnIdOfSixtyThreeCharacters() throws IOException {
        String id = "a".repeat(62) + "0";
        String json = Payloads.edited(SNAPSHOT, tree -> tree.put("site", id));

        assertThat(EventJson.read(json, SnapshotTaken.class).site()).isEqualTo(id);
        assertThat(EventSchemas.validate(EventType.SNAPSHOT_TAKEN, EventJson.mapper().readTree(json))).isEmpty();
    }

    @Test
    void shouldRejectAnInvalidIdInsideAList() {
        String json = Payloads.edited(SNAPSHOT, tree -> tree.withArray("targetSites").add("../../etc/passwd"));

        assertThatThrownBy(() -> EventJson.read(json, SnapshotTaken.class))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("field 'targetSites[]' is not a valid id: '../../etc/passwd'");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Long.MIN_VALUE})
    void shouldRejectASnapshotNumberBelowOne(long snapshot) {
        String json = Payloads.edited(BLOCKS, tree -> tree.put("snapshot", snapshot));

        assertThatThrownBy(() -> EventJson.read(json, BlocksChanged.class))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("field 'snapshot' must be positive, was " + snapshot);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 42, 43})
    void shouldRejectABaseSnapshotThatDoesNotPrecedeTheSnapshot(long base) {
        String json = Payloads.edited(SNAPSHOT, tree -> tree.put("baseSnapshot", base));

        assertThatThrownBy(() -> EventJson.read(json, SnapshotTaken.class))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("field 'baseSnapshot' must lie between 1 and snapshot - 1, was " + base);
    }

    @Test
    void shouldRejectOverlappingExtents() {
        String json = Payloads.edited(BLOCKS, tree -> extents(tree, 0, 131072, 65536, 65536));

        assertThatThrownBy(() -> EventJson.read(json, BlocksChanged.class))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("field 'extents' must be ascending and non-overlapping: extent at 65536 starts"
                        + " before 131072");
    }

    @Test
    void shouldRejectDescendingExtents() {
        String json = Payloads.edited(BLOCKS, tree -> extents(tree, 1048576, 65536, 0, 65536));

        assertThatThrownBy(() -> EventJson.read(json, BlocksChanged.class))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("field 'extents' must be ascending and non-overlapping");
    }

    @Test
    void shouldRejectAnExtentPastTheEndOfTheVolume() {
        long volumeBytes = SampleEvents.VOLUME_BYTES;
        String json = Payloads.edited(BLOCKS, tree -> extents(tree, volumeBytes - 65536, 131072));

        assertThatThrownBy(() -> EventJson.read(json, BlocksChanged.class))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("field 'extents' reaches past the end of the volume")
                .hasMessageContaining(String.valueOf(volumeBytes));
    }

    @Test
    void shouldRejectAnExtentWhoseEndOverflowsPastTheEndOfTheVolume() {
        String json = Payloads.edited(BLOCKS, tree -> extents(tree, Long.MAX_VALUE - 65535, 131072));

        assertThatThrownBy(() -> EventJson.read(json, BlocksChanged.class))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("field 'extents' reaches past the end of the volume");
    }

    @Test
    void shouldRejectAnEmptyExtent() {
        String json = Payloads.edited(BLOCKS, tree -> extents(tree, 0, 0));

        assertThatThrownBy(() -> EventJson.read(json, BlocksChanged.class))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("field 'length' must be positive, was 0");
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, -1})
    void shouldRejectAPageOutsideThePageCount(int page) {
        String json = Payloads.edited(BLOCKS, tree -> tree.put("page", page));

        assertThatThrownBy(() -> EventJson.read(json, BlocksChanged.class))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("field 'page' must lie between 0 and pageCount - 1, was " + page);
    }

    @Test
    void shouldRejectABaseSnapshotOnAFullCopy() {
        String json = Payloads.edited(BLOCKS, tree -> tree.put("method", "full"));

        assertThatThrownBy(() -> EventJson.read(json, BlocksChanged.class))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("field 'baseSnapshot' must be present exactly when method is not 'full'");
    }

    @Test
    void shouldRejectAChunkOutsideTheChunkCount() {
        Event chunk = SampleEvents.full(EventType.CHUNK_SHIPPED);
        String json = Payloads.edited(chunk, tree -> tree.put("chunk", 8));

        assertThatThrownBy(() -> EventJson.read(json, ChunkShipped.class))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("field 'chunk' must lie between 0 and chunkCount - 1, was 8");
    }

    @Test
    void shouldRejectATransferWithMoreBytesDoneThanItsTotal() {
        Event state = SampleEvents.full(EventType.REPLICA_STATE);
        String json = Payloads.edited(state,
                tree -> tree.withObject("/replicas/falkenberg/transfer").put("bytesDone", (5L << 16) + 1));

        assertThatThrownBy(() -> EventJson.read(json, ReplicaState.class))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("field 'bytesDone' must not exceed bytesTotal (327680), was 327681");
    }

    @Test
    void shouldReadAReplicaWithoutATransferAsNoTransferUnderWay() {
        String json = Payloads.edited(SampleEvents.full(EventType.REPLICA_STATE),
                tree -> tree.withObject("/replicas/falkenberg").remove("transfer"));

        assertThat(EventJson.read(json, ReplicaState.class).replicas().get("falkenberg").transfer()).isNull();
    }

    @Test
    void shouldRejectAnUnknownEnumCodeNamingTheField() {
        String json = Payloads.edited(BLOCKS, tree -> tree.put("method", "rsync"));

        assertThatThrownBy(() -> EventJson.read(json, BlocksChanged.class))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("field 'method'")
                .hasMessageContaining("rsync");
    }

    @Test
    void shouldRejectNegativePowerNamingTheField() {
        Event metrics = SampleEvents.full(EventType.SITE_METRICS);
        String json = Payloads.edited(metrics, tree -> tree.put("coolingCapacityKw", -5.0));

        assertThatThrownBy(() -> EventJson.read(json, SiteMetrics.class))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("field 'coolingCapacityKw' must be a finite number of kW >= 0, was -5.0");
    }

    @Test
    void shouldRejectASchemaVersionBelowOne() {
        String json = Payloads.edited(SNAPSHOT, tree -> tree.put("schemaVersion", 0));

        assertThatThrownBy(() -> EventJson.read(json, SnapshotTaken.class))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("field 'schemaVersion' must be 1 or more, was 0");
    }

    @Test
    void shouldReadASnapshotOfTheEmbeddedBackendWrittenBeforeTheCsiFieldsWithoutThem() {
        String json = Payloads.edited(SNAPSHOT, tree -> {
            tree.remove("csi");
            tree.remove("baseCsi");
        });

        SnapshotTaken read = EventJson.read(json, SnapshotTaken.class);

        assertThat(read.csi()).isNull();
        assertThat(read.baseCsi()).isNull();
        assertThat(read.withCsi(SNAPSHOT.csi(), SNAPSHOT.baseCsi())).isEqualTo(SNAPSHOT);
    }

    @Test
    void shouldReadASnapshotAndAReplicaStateWrittenBeforeTheGroupPriorityWithoutIt() {
        ReplicaState state = (ReplicaState) SampleEvents.full(EventType.REPLICA_STATE);

        SnapshotTaken snapshot = EventJson.read(Payloads.edited(SNAPSHOT, tree -> tree.remove("groupPriority")),
                SnapshotTaken.class);
        ReplicaState replicaState = EventJson.read(Payloads.edited(state, tree -> tree.remove("groupPriority")),
                ReplicaState.class);

        assertThat(snapshot.groupPriority()).isNull();
        assertThat(snapshot.withGroupPriority(SNAPSHOT.groupPriority())).isEqualTo(SNAPSHOT);
        assertThat(replicaState.groupPriority()).isNull();
        assertThat(replicaState.groupId()).isEqualTo(state.groupId());
    }

    @Test
    void shouldReadADecisionWrittenBeforeTheGroupPriorityWithoutIt() {
        PlacementDecision decision = (PlacementDecision) SampleEvents.full(EventType.PLACEMENT_DECISION);

        PlacementDecision read = EventJson.read(Payloads.edited(decision, tree -> tree.remove("groupPriority")),
                PlacementDecision.class);

        assertThat(read.groupPriority()).isNull();
        assertThat(read.withGroupPriority(decision.groupPriority())).isEqualTo(decision);
        assertThat(EventSchemas.validate(EventType.PLACEMENT_DECISION, Payloads.tree(read))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = EventType.class, names = {"SNAPSHOT_TAKEN", "REPLICA_STATE", "PLACEMENT_DECISION"})
    void shouldRejectAGroupPriorityOutsideItsRangeNamingTheField(EventType type) {
        Event event = SampleEvents.full(type);
        for (int priority : new int[] {Fields.MIN_PRIORITY - 1, Fields.MAX_PRIORITY + 1}) {
            ObjectNode tree = Payloads.tree(event).put("groupPriority", priority);

            assertThatThrownBy(() -> EventJson.read(Payloads.text(tree), event.getClass()))
                    .isInstanceOf(EventFormatException.class)
                    .hasMessageContaining("field 'groupPriority' must lie between -1000 and 1000, was " + priority);
            assertThat(EventSchemas.validate(type, tree)).as("priority %d", priority).isNotEmpty();
        }
        for (int priority : new int[] {Fields.MIN_PRIORITY, Fields.MAX_PRIORITY}) {
            ObjectNode tree = Payloads.tree(event).put("groupPriority", priority);

            Event read = EventJson.read(Payloads.text(tree), event.getClass());

            assertThat(Payloads.tree(read).get("groupPriority").asInt()).isEqualTo(priority);
            assertThat(EventSchemas.validate(type, tree)).as("priority %d", priority).isEmpty();
        }
    }

    @Test
    void shouldRejectAGroupPriorityOfAVolumeOutsideAnyGroup() {
        String json = Payloads.edited(SNAPSHOT, tree -> tree.remove("groupId"));

        assertThatThrownBy(() -> EventJson.read(json, SnapshotTaken.class))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("field 'groupPriority' is set without field 'groupId'");
    }

    @Test
    void shouldRejectAVolumeSnapshotNameThatIsNoKubernetesNameNamingTheField() {
        ObjectNode tree = Payloads.tree(SNAPSHOT);
        tree.withObject("/csi").put("volumeSnapshotName", "PG_data/42");

        assertThatThrownBy(() -> EventJson.read(Payloads.text(tree), SnapshotTaken.class))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("field 'volumeSnapshotName' is not a valid qualified id: 'PG_data/42'");
        assertThat(EventSchemas.validate(EventType.SNAPSHOT_TAKEN, tree)).isNotEmpty();
        assertThat(EventSchemas.validate(EventType.SNAPSHOT_TAKEN, Payloads.tree(SNAPSHOT))).isEmpty();
    }

    private static void extents(ObjectNode tree, long... offsetsAndLengths) {
        ArrayNode extents = tree.putArray("extents");
        for (int i = 0; i < offsetsAndLengths.length; i += 2) {
            extents.addObject().put("offset", offsetsAndLengths[i]).put("length", offsetsAndLengths[i + 1]);
        }
    }
}
