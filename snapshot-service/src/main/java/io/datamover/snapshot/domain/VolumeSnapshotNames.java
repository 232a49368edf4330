package io.datamover.snapshot.domain;

import java.util.Map;

/**
 * Names and labels of the VolumeSnapshots the csi backend takes. Snapshot {@code n} of volume {@code V} (the
 * PersistentVolume's name, an id) is {@code "<V>.<n>"} in the namespace of V's claim: the name the block store's
 * SnapshotMetadata service resolves too ({@code SnapshotRef}), and the same for a cycle repeated after a crash.
 */
public final class VolumeSnapshotNames {

    public static final String VOLUME_LABEL = "datamover.io/volume";
    public static final String SNAPSHOT_LABEL = "datamover.io/snapshot";
    public static final String SITE_LABEL = "datamover.io/site";
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "datamover-snapshot-service";

    private VolumeSnapshotNames() {
    }

    public static String name(String volumeId, long snapshot) {
        return volumeId + "." + snapshot;
    }

    /** The labels that find the volume's VolumeSnapshots taken at the site. */
    public static Map<String, String> selector(String site, String volumeId) {
        return Map.of(SITE_LABEL, site, VOLUME_LABEL, volumeId);
    }

    /** The labels of snapshot {@code snapshot} of the volume, taken at the site. */
    public static Map<String, String> labels(String site, String volumeId, long snapshot) {
        return Map.of(SITE_LABEL, site, VOLUME_LABEL, volumeId, SNAPSHOT_LABEL, Long.toString(snapshot),
                MANAGED_BY_LABEL, MANAGED_BY);
    }

    /** The snapshot number a VolumeSnapshot's labels state, -1 when they state none. */
    public static long snapshotOf(Map<String, String> labels) {
        String value = labels == null ? null : labels.get(SNAPSHOT_LABEL);
        if (value == null || value.isEmpty() || value.length() > 18 || !value.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Long.parseLong(value);
    }
}
