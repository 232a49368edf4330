package io.datamover.events;

import java.util.Arrays;

/** Every event of the contract: its stable code, its topic, its record and its JSON Schema. */
public enum EventType {
    SNAPSHOT_TAKEN("snapshot-taken", SnapshotTaken.class),
    BLOCKS_CHANGED("blocks-changed", BlocksChanged.class),
    CHUNK_SHIPPED("chunk-shipped", ChunkShipped.class),
    VOLUME_FROZEN("volume-frozen", VolumeFrozen.class),
    REPLICA_APPLIED("replica-applied", ReplicaApplied.class),
    SITE_METRICS("site-metrics", SiteMetrics.class),
    SITE_HEARTBEAT("site-heartbeat", SiteHeartbeat.class),
    REPLICA_STATE("replica-state", ReplicaState.class),
    PLACEMENT_DECISION("placement-decision", PlacementDecision.class),
    SWITCHOVER_REQUESTED("switchover-requested", SwitchoverRequested.class),
    APPLICATION_EXPORTED("application-exported", ApplicationExported.class);

    private final String code;
    private final Class<? extends Event> recordType;

    EventType(String code, Class<? extends Event> recordType) {
        this.code = code;
        this.recordType = recordType;
    }

    /** The stable name of the event, also its CloudEvents type suffix and its schema's file name. */
    public String code() {
        return code;
    }

    public String topic() {
        return Topics.PREFIX + code;
    }

    public Class<? extends Event> recordType() {
        return recordType;
    }

    /** CloudEvents {@code type} attribute. */
    public String cloudEventType() {
        return "io.datamover." + code;
    }

    /** Classpath resource of the event's JSON Schema. */
    public String schemaResource() {
        return "/schemas/" + code + ".schema.json";
    }

    public static EventType of(Class<? extends Event> recordType) {
        return Arrays.stream(values())
                .filter(t -> t.recordType == recordType)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not an event of the contract: " + recordType));
    }

    public static EventType ofTopic(String topic) {
        return Arrays.stream(values())
                .filter(t -> t.topic().equals(topic))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a topic of the contract: " + topic));
    }
}
