package io.datamover.events;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;

/**
 * Realistic events of every type, as the services emit them: {@link #full} sets every optional
 * field, {@link #minimal} leaves them absent (the first snapshot of a volume, a thaw, a replica
 * still initializing).
 */
final class SampleEvents {

    static final long VOLUME_BYTES = 8L << 30;
    static final int BLOCK_SIZE = 64 << 10;
    static final Instant TAKEN_AT = Instant.parse("2025-03-14T09:26:53.589793238Z");

    private SampleEvents() {
    }

    static Event full(EventType type) {
        return switch (type) {
            case SNAPSHOT_TAKEN -> new SnapshotTaken(Versions.CURRENT, UUID.randomUUID().toString(), TAKEN_AT,
                    "stockholm", "pg-data", 42, 41L, "webshop", Consistency.APPLICATION, VOLUME_BYTES, BLOCK_SIZE,
                    List.of("falkenberg"), "switchover-webshop-1767225630000",
                    new CsiSnapshot("webshop", "pg-data.42", "snap-0a1b2c3d42", "ebs.csi.aws.com"),
                    new CsiSnapshot("webshop", "pg-data.41", "snap-0a1b2c3d41", "ebs.csi.aws.com"), 10);
            case BLOCKS_CHANGED -> BlocksChanged.page((SnapshotTaken) full(EventType.SNAPSHOT_TAKEN),
                    ChangeMethod.CBT, 41L, 0, 2, 5L * BLOCK_SIZE,
                    List.of(new Extent(0, BLOCK_SIZE), new Extent(16L * BLOCK_SIZE, 2L * BLOCK_SIZE)));
            case CHUNK_SHIPPED -> ChunkShipped.of("stockholm", "falkenberg", "pg-data", 42, 3, 8, 4L << 20,
                    "crc32c:1a2b3c4d", 16L << 20, 32L << 20);
            case VOLUME_FROZEN -> VolumeFrozen.forDecision("switchover-webshop-1767225630000", "stockholm",
                    "pg-data", true, "switchover to falkenberg", 42L);
            case REPLICA_APPLIED -> ReplicaApplied.of("falkenberg", "stockholm", "pg-data", 42, 41L, 5L * BLOCK_SIZE,
                    3L * BLOCK_SIZE, TAKEN_AT);
            case SITE_METRICS -> SiteMetrics.of("stockholm", 1200.0, 950.5, 800.0, 760.25);
            case SITE_HEARTBEAT -> SiteHeartbeat.of("stockholm", "transfer-service");
            case REPLICA_STATE -> ReplicaState.of("pg-data", "stockholm", 42L, TAKEN_AT, Map.of("falkenberg",
                    new ReplicaStatus("falkenberg", 41L, TAKEN_AT.minus(Duration.ofMinutes(1)),
                            TAKEN_AT.minusSeconds(20), 5L * BLOCK_SIZE, 60, ReplicaHealth.REPLICATING,
                            new TransferProgress(42, 2L * BLOCK_SIZE, 5L * BLOCK_SIZE, 8192L, 24L,
                                    TAKEN_AT.plusSeconds(2), TAKEN_AT.plusSeconds(18)))), "webshop", 10);
            case PLACEMENT_DECISION -> new PlacementDecision(Versions.CURRENT, UUID.randomUUID().toString(), TAKEN_AT,
                    "failover-webshop-1767225630000", DecisionType.FAILOVER, "promoted", "webshop",
                    List.of("pg-data", "pg-wal"), "stockholm", "falkenberg", "falkenberg is primary",
                    new TreeMap<>(Map.of("pg-data", 42L, "pg-wal", 17L)), 10);
            case SWITCHOVER_REQUESTED -> SwitchoverRequested.of("webshop", "falkenberg",
                    "maintenance of the chillers at stockholm");
            case APPLICATION_EXPORTED -> ApplicationExported.of("webshop", "stockholm", "falkenberg", "shop",
                    "shop-dr", List.of(
                            Map.of("apiVersion", "v1", "kind", "ConfigMap",
                                    "metadata", Map.of("name", "pg-config", "namespace", "shop-dr",
                                            "labels", Map.of("app", "webshop")),
                                    "data", Map.of("max_connections", "100")),
                            Map.of("apiVersion", "v1", "kind", "PersistentVolumeClaim",
                                    "metadata", Map.of("name", "pg-data", "namespace", "shop-dr"),
                                    "spec", Map.of("storageClassName", "fast-falkenberg",
                                            "accessModes", List.of("ReadWriteOnce"),
                                            "resources", Map.of("requests", Map.of("storage", "8Gi"))))),
                    Map.of("pg-data", "pvc-0a1b2c3d"));
        };
    }

    static Event minimal(EventType type) {
        return switch (type) {
            case SNAPSHOT_TAKEN -> SnapshotTaken.of("stockholm", "pg-data", 1, null, VOLUME_BYTES, BLOCK_SIZE,
                    List.of("falkenberg"));
            case BLOCKS_CHANGED -> BlocksChanged.page((SnapshotTaken) minimal(EventType.SNAPSHOT_TAKEN),
                    ChangeMethod.FULL, null, 0, 1, 4L * BLOCK_SIZE, List.of(new Extent(0, 4L * BLOCK_SIZE)));
            case VOLUME_FROZEN -> VolumeFrozen.of("falkenberg", "pg-data", false, "apply done", null);
            case REPLICA_APPLIED -> ReplicaApplied.of("falkenberg", "stockholm", "pg-data", 1, null, VOLUME_BYTES,
                    VOLUME_BYTES, TAKEN_AT);
            case REPLICA_STATE -> ReplicaState.of("pg-data", null, null, null, Map.of("falkenberg",
                    new ReplicaStatus("falkenberg", null, null, null, 0, 0, ReplicaHealth.INITIALIZING)), null);
            case SWITCHOVER_REQUESTED -> SwitchoverRequested.of("webshop", null, "operator request");
            case APPLICATION_EXPORTED -> ApplicationExported.of("webshop", "stockholm", "falkenberg", "shop", "shop",
                    List.of(), Map.of());
            case PLACEMENT_DECISION -> PlacementDecision.of(UUID.randomUUID().toString(), DecisionType.SWITCHOVER,
                    "freeze", "webshop", List.of("pg-data", "pg-wal"), "stockholm", "falkenberg",
                    "cooling headroom 40 kW below 50 kW for 120 s");
            case CHUNK_SHIPPED, SITE_METRICS, SITE_HEARTBEAT -> full(type);
        };
    }

    /** Both samples of every type, named for parameterized tests. */
    static Stream<Named<Event>> all() {
        return Arrays.stream(EventType.values()).flatMap(type -> Stream.of(
                Named.of(type.code() + " (every field)", full(type)),
                Named.of(type.code() + " (optional fields absent)", minimal(type))));
    }
}
