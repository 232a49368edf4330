package io.datamover.kube.domain;

import java.time.Instant;
import java.util.Map;

/**
 * How far a volume's protection has come, as the snapshot-service reports it.
 *
 * @param lastSnapshot its newest snapshot, null before the first
 * @param appliedBySite the last snapshot applied at each target site; a site without one is absent
 */
public record VolumeProgress(String volumeId, Long lastSnapshot, Instant lastSnapshotAt,
        Map<String, Long> appliedBySite) {

    public VolumeProgress {
        appliedBySite = appliedBySite == null ? Map.of() : Map.copyOf(appliedBySite);
    }
}
