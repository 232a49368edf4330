package io.datamover.transfer.domain;

import java.util.Map;

/**
 * Names and labels of the objects that read snapshot {@code n} of csi volume {@code V} while its changed set is
 * shipped: a Secret holding the mover's token, a claim restored from the VolumeSnapshot and the mover pod, all named
 * {@code mover-<V>-<n>} (V is an id and n a number, so the last {@code -} separates them and no two snapshots share
 * a name), in the namespace of V's claim. A crash leaves them findable by their labels. The mover pod and Secret that
 * write the delta to snapshot n into a csi replica are named and labelled alike.
 *
 * <p>A csi replica is the claim {@code replica-<V>} with a VolumeSnapshot {@code <V>.<n>} per applied snapshot, in
 * the replicas' namespace. They carry {@value #REPLICA_SITE_LABEL} instead of {@value #SITE_LABEL}, so that the
 * cleanup of the movers at start ({@link #selector}) never finds them.
 */
public final class MoverNames {

    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "datamover-transfer-service";
    public static final String SITE_LABEL = "datamover.io/site";
    public static final String VOLUME_LABEL = "datamover.io/volume";
    public static final String SNAPSHOT_LABEL = "datamover.io/snapshot";
    /** The site that keeps a csi replica's claim and VolumeSnapshots. */
    public static final String REPLICA_SITE_LABEL = "datamover.io/replica-site";
    /** Annotations of a csi replica's claim: the replicated volume's size and block size, which begin compares. */
    public static final String VOLUME_BYTES_ANNOTATION = "datamover.io/volume-bytes";
    public static final String BLOCK_SIZE_ANNOTATION = "datamover.io/block-size";
    /** The key of the Secret that holds the mover's bearer token. */
    public static final String TOKEN_KEY = "token";

    private MoverNames() {
    }

    /** The name of the Secret, the claim and the pod of snapshot {@code snapshot} of the volume. */
    public static String name(String volumeId, long snapshot) {
        return "mover-" + volumeId + "-" + snapshot;
    }

    /** The VolumeSnapshot of snapshot {@code snapshot} of the volume, as the snapshot-service names it. */
    public static String volumeSnapshot(String volumeId, long snapshot) {
        return volumeId + "." + snapshot;
    }

    /** The labels of the objects of snapshot {@code snapshot} of the volume, made by the site's transfer-service. */
    public static Map<String, String> labels(String site, String volumeId, long snapshot) {
        return Map.of(MANAGED_BY_LABEL, MANAGED_BY, SITE_LABEL, site, VOLUME_LABEL, volumeId, SNAPSHOT_LABEL,
                Long.toString(snapshot));
    }

    /** The labels that find every object the site's transfer-service made for a mover. */
    public static Map<String, String> selector(String site) {
        return Map.of(MANAGED_BY_LABEL, MANAGED_BY, SITE_LABEL, site);
    }

    /** The claim that holds the replica of the volume at a csi target; a DNS subdomain, as the id is a label. */
    public static String replicaClaim(String volumeId) {
        return "replica-" + volumeId;
    }

    /** The labels of the replica's claim, and with {@link #replicaSnapshotLabels} of its VolumeSnapshots. */
    public static Map<String, String> replicaLabels(String site, String volumeId) {
        return Map.of(MANAGED_BY_LABEL, MANAGED_BY, REPLICA_SITE_LABEL, site, VOLUME_LABEL, volumeId);
    }

    /** The labels of the replica's VolumeSnapshot of snapshot {@code snapshot}. */
    public static Map<String, String> replicaSnapshotLabels(String site, String volumeId, long snapshot) {
        return Map.of(MANAGED_BY_LABEL, MANAGED_BY, REPLICA_SITE_LABEL, site, VOLUME_LABEL, volumeId, SNAPSHOT_LABEL,
                Long.toString(snapshot));
    }

    /** The snapshot number a replica VolumeSnapshot's labels state, -1 when they state none. */
    public static long snapshotOf(Map<String, String> labels) {
        String value = labels == null ? null : labels.get(SNAPSHOT_LABEL);
        try {
            return value == null ? -1 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
