package io.datamover.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The topic names of the contract and how each topic is to be created. */
public final class Topics {

    static final String PREFIX = "datamover.";

    public static final String SNAPSHOT_TAKEN = PREFIX + "snapshot-taken";
    public static final String BLOCKS_CHANGED = PREFIX + "blocks-changed";
    public static final String CHUNK_SHIPPED = PREFIX + "chunk-shipped";
    public static final String VOLUME_FROZEN = PREFIX + "volume-frozen";
    public static final String REPLICA_APPLIED = PREFIX + "replica-applied";
    public static final String SITE_METRICS = PREFIX + "site-metrics";
    public static final String SITE_HEARTBEAT = PREFIX + "site-heartbeat";
    public static final String REPLICA_STATE = PREFIX + "replica-state";
    public static final String PLACEMENT_DECISION = PREFIX + "placement-decision";
    public static final String SWITCHOVER_REQUESTED = PREFIX + "switchover-requested";
    /** Compacted: the latest export of each application per target site. */
    public static final String APPLICATION_EXPORTED = PREFIX + "application-exported";
    /** Records that could not be processed, with the reason in {@link DeadLetters} headers. */
    public static final String DEAD_LETTER = PREFIX + "dead-letter";

    /**
     * Partitions of every topic. All event topics share the count, so that the topics are
     * co-partitioned by volume id for the placement topology.
     */
    public static final int PARTITIONS = 3;

    /** A topic to create: its name and its configs. */
    public record Definition(String name, int partitions, Map<String, String> configs) {
    }

    private Topics() {
    }

    /** Whether the topic keeps the latest event per key (compacted), where a tombstone removes the key's event. */
    public static boolean isCompacted(String topic) {
        return REPLICA_STATE.equals(topic) || APPLICATION_EXPORTED.equals(topic);
    }

    /** Every topic of the contract, with the configs it is created with. */
    public static List<Definition> definitions() {
        List<Definition> topics = new ArrayList<>();
        for (EventType type : EventType.values()) {
            Map<String, String> configs = isCompacted(type.topic())
                    ? Map.of("cleanup.policy", "compact")
                    : Map.of("cleanup.policy", "delete");
            topics.add(new Definition(type.topic(), PARTITIONS, configs));
        }
        topics.add(new Definition(DEAD_LETTER, PARTITIONS, Map.of("cleanup.policy", "delete")));
        return List.copyOf(topics);
    }
}
