package io.datamover.snapshot.domain;

import java.time.Instant;
import java.util.Map;

/**
 * How far a protected volume's replication has come, as the views show it: its newest snapshot here (null before
 * the first, or while this service has not looked at it since it started) and the last snapshot applied at each
 * target site (a target that holds none yet is absent).
 */
public record VolumeReplication(String volumeId, Long lastSnapshot, Instant lastSnapshotAt, Map<String, Long> applied) {

    public VolumeReplication {
        applied = Map.copyOf(applied);
    }
}
