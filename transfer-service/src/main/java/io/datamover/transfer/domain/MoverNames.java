package io.datamover.transfer.domain;

import java.util.Map;

/**
 * Names and labels of the objects that read snapshot {@code n} of csi volume {@code V} while its changed set is
 * shipped: a Secret holding the mover's token, a claim restored from the VolumeSnapshot and the mover pod, all named
 * {@code mover-<V>-<n>} (V is an id and n a number, so the last {@code -} separates them and no two snapshots share
 * a name), in the namespace of V's claim. A crash leaves them findable by their labels.
 */
public final class MoverNames {

    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "datamover-transfer-service";
    public static final String SITE_LABEL = "datamover.io/site";
    public static final String VOLUME_LABEL = "datamover.io/volume";
    public static final String SNAPSHOT_LABEL = "datamover.io/snapshot";
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
}
