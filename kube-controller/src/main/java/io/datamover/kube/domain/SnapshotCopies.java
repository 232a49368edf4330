package io.datamover.kube.domain;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TypedLocalObjectReference;
import io.fabric8.kubernetes.api.model.TypedObjectReference;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A csi replica's VolumeSnapshot made restorable in an application's namespace at the target. A claim restores only
 * from a VolumeSnapshot of its own namespace, and the replica's are in the replica namespace, so the storage
 * system's snapshot is pre-provisioned once more: a VolumeSnapshotContent (cluster-scoped) that names the snapshot's
 * handle on the storage system, bound to a VolumeSnapshot {@code <volumeId>.<n>} in the application's namespace, as
 * the claims' {@code dataSource} names it. The copy's content is {@code Retain}: the replica's own content owns the
 * data, and deleting the copy leaves it. The replica is a block-mode claim and the application's claims are usually
 * filesystem ones, so the content allows the volume mode to change. Once every claim restored from a copy is Bound,
 * the copy has served its restore and is deleted.
 */
public final class SnapshotCopies {

    public static final String API_VERSION = "snapshot.storage.k8s.io/v1";
    public static final String SNAPSHOT = "VolumeSnapshot";
    public static final String CONTENT = "VolumeSnapshotContent";
    /** Without it a CSI provisioner that prevents volume mode conversion refuses a filesystem claim of the snapshot. */
    public static final String ALLOW_VOLUME_MODE_CHANGE = "snapshot.storage.kubernetes.io/allow-volume-mode-change";
    /**
     * On every copy of a decision, content and VolumeSnapshot, once complete has created all the decision's claims:
     * only then does a copy that no claim names serve no restore, rather than one whose claim is yet to come.
     */
    public static final String CLAIMS_CREATED_LABEL = "datamover.io/claims-created";
    public static final String CLAIMS_CREATED = "true";
    /** The phase of a claim bound to its volume, which the provisioner made from the snapshot. */
    public static final String BOUND = "Bound";
    private static final String SNAPSHOT_GROUP = "snapshot.storage.k8s.io";
    private static final int MAX_NAME = 253;
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile(
            "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final int HASH_CHARS = 8;

    private SnapshotCopies() {
    }

    /**
     * What the copy is made of: what the replica's VolumeSnapshot and its bound content say of the storage system's
     * snapshot.
     *
     * @param restoreSize the smallest claim the snapshot restores into; null when neither the content nor the
     *     VolumeSnapshot states it
     */
    public record Source(String handle, String driver, Quantity restoreSize) {
    }

    /**
     * The name of the content copied for the VolumeSnapshot of {@code volumeId} at {@code snapshot} into
     * {@code namespace} for the group: {@code datamover-<namespace>-<volumeId>.<n>-} and 8 hex digits of the SHA-256 of
     * all four, so that a retried step finds it and no other copy has it. A name that is no DNS subdomain of at most
     * 253 characters (a volume id that is no DNS label) is a problem.
     */
    public static Checked<String> contentName(String groupId, String namespace, String volumeId, long snapshot) {
        String name = "datamover-" + namespace + "-" + MovePlan.snapshotName(volumeId, snapshot) + "-"
                + Ids.sha256Hex(groupId + "/" + namespace + "/" + volumeId + "/" + snapshot).substring(0, HASH_CHARS);
        if (name.length() > MAX_NAME || !DNS_SUBDOMAIN.matcher(name).matches()) {
            return Checked.invalid(List.of(Problem.of("InvalidContentName", CONTENT + " " + name, "for volume "
                    + volumeId + " is no DNS subdomain of at most " + MAX_NAME + " characters")));
        }
        return Checked.valid(name);
    }

    /** The VolumeSnapshotContent of the copy, bound to VolumeSnapshot {@code snapshotName} in {@code namespace}. */
    public static Map<String, Object> content(String name, Source source, String namespace, String snapshotName,
            Map<String, String> labels) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("deletionPolicy", "Retain");
        spec.put("driver", source.driver());
        spec.put("source", Map.of("snapshotHandle", source.handle()));
        spec.put("sourceVolumeMode", "Block");
        spec.put("volumeSnapshotRef", Map.of("apiVersion", API_VERSION, "kind", SNAPSHOT, "namespace", namespace,
                "name", snapshotName));
        return object(CONTENT, metadata(name, null, labels, Map.of(ALLOW_VOLUME_MODE_CHANGE, "true")), spec);
    }

    /** The VolumeSnapshot of the copy in {@code namespace}, pre-provisioned from content {@code contentName}. */
    public static Map<String, Object> snapshot(String name, String namespace, String contentName,
            Map<String, String> labels) {
        return object(SNAPSHOT, metadata(name, namespace, labels, Map.of()),
                Map.of("source", Map.of("volumeSnapshotContentName", contentName)));
    }

    /**
     * Whether a claim still needs VolumeSnapshot {@code snapshotName} of their namespace: one of {@code claims} names
     * it as its data source ({@code dataSource}, or {@code dataSourceRef} in the claim's own namespace) and is not
     * {@value #BOUND} yet. Bound, not merely {@code spec.volumeName} set: a claim may name its volume before the
     * volume is provisioned, or be pre-bound to one by hand; Bound comes once the volume made from the snapshot is the
     * claim's. A claim that is gone needs nothing.
     */
    public static boolean isHeld(String snapshotName, List<PersistentVolumeClaim> claims) {
        return claims.stream().filter(claim -> restoresFrom(claim, snapshotName))
                .anyMatch(claim -> claim.getStatus() == null || !BOUND.equals(claim.getStatus().getPhase()));
    }

    private static boolean restoresFrom(PersistentVolumeClaim claim, String snapshotName) {
        PersistentVolumeClaimSpec spec = claim.getSpec();
        if (spec == null) {
            return false;
        }
        TypedLocalObjectReference source = spec.getDataSource();
        TypedObjectReference sourceRef = spec.getDataSourceRef();
        return source != null && names(source.getApiGroup(), source.getKind(), source.getName(), snapshotName)
                || sourceRef != null && names(sourceRef.getApiGroup(), sourceRef.getKind(), sourceRef.getName(),
                        snapshotName) && (sourceRef.getNamespace() == null
                                || sourceRef.getNamespace().equals(claim.getMetadata().getNamespace()));
    }

    private static boolean names(String apiGroup, String kind, String name, String snapshotName) {
        return SNAPSHOT_GROUP.equals(apiGroup) && SNAPSHOT.equals(kind) && snapshotName.equals(name);
    }

    private static Map<String, Object> metadata(String name, String namespace, Map<String, String> labels,
            Map<String, String> annotations) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name);
        if (namespace != null) {
            metadata.put("namespace", namespace);
        }
        Map<String, String> all = new LinkedHashMap<>(labels);
        all.put(MovePlan.MANAGED_BY_LABEL, MovePlan.MANAGED_BY);
        metadata.put("labels", all);
        if (!annotations.isEmpty()) {
            metadata.put("annotations", annotations);
        }
        return metadata;
    }

    private static Map<String, Object> object(String kind, Map<String, Object> metadata, Map<String, Object> spec) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("apiVersion", API_VERSION);
        object.put("kind", kind);
        object.put("metadata", metadata);
        object.put("spec", spec);
        return object;
    }
}
