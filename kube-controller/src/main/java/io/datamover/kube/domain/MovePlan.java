package io.datamover.kube.domain;

import io.datamover.events.ApplicationExported;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the target of a move creates from an application's export, labelled with the decision and the group so that
 * an abort finds all of it: first everything but the claims, the workloads at 0 replicas (their count kept in an
 * annotation), then the claims, each restored from its volume's snapshot.
 */
public final class MovePlan {

    public static final String DECISION_LABEL = "datamover.io/decision";
    public static final String GROUP_LABEL = "datamover.io/group";
    /** On a restored claim: the volume it holds, by which the csi backend of the snapshot-service promotes it. */
    public static final String VOLUME_LABEL = "datamover.io/volume";
    public static final String REPLICAS_ANNOTATION = "datamover.io/replicas";
    /**
     * On an application's claim the csi backend of the snapshot-service stepped down when the application moved away
     * ({@value #STEPPED_DOWN}): a move back restores the claim anew.
     */
    public static final String ROLE_ANNOTATION = "datamover.io/role";
    public static final String STEPPED_DOWN = "replica";
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "datamover-kube-controller";
    public static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet");
    public static final String CLAIM = "PersistentVolumeClaim";

    private MovePlan() {
    }

    /** The objects to stage, claims left out; workloads at 0 replicas with their count in the annotation. */
    public static List<Map<String, Object>> staged(ApplicationExported export, String decisionId) {
        return export.objects().stream().filter(object -> !CLAIM.equals(object.get("kind")))
                .map(object -> {
                    Map<String, Object> copy = labelled(object, export.groupId(), decisionId);
                    if (WORKLOADS.contains(copy.get("kind"))) {
                        Map<String, Object> spec = spec(copy);
                        annotations(copy).put(REPLICAS_ANNOTATION, Integer.toString(replicas(spec)));
                        spec.put("replicas", 0);
                    }
                    return copy;
                }).toList();
    }

    /**
     * A claim of the export and the snapshot of its volume it is restored from.
     *
     * @param claim the exported claim, as it is in the export
     */
    public record Restore(Map<String, Object> claim, String volumeId, long snapshot) {

        /** The VolumeSnapshot the claim is restored from, in its namespace. */
        public String snapshotName() {
            return MovePlan.snapshotName(volumeId, snapshot);
        }
    }

    /**
     * The export's claims, each with the snapshot {@code snapshots} names for its volume; a claim whose volume is not
     * in the export or has no snapshot there is a problem.
     */
    public static Checked<List<Restore>> restores(ApplicationExported export, Map<String, Long> snapshots) {
        List<Restore> restores = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Map<String, Object> object : export.objects()) {
            if (!CLAIM.equals(object.get("kind"))) {
                continue;
            }
            String name = name(object);
            String volumeId = export.volumes().get(name);
            Long snapshot = volumeId == null ? null : snapshots.get(volumeId);
            if (snapshot == null) {
                problems.add(Problem.of("NoSnapshot", "PersistentVolumeClaim " + export.targetNamespace() + "/" + name,
                        volumeId == null ? "has no volume in the export" : "has volume " + volumeId
                                + ", of which the decision names no snapshot"));
            } else {
                restores.add(new Restore(object, volumeId, snapshot));
            }
        }
        return problems.isEmpty() ? Checked.valid(restores) : Checked.invalid(problems);
    }

    /**
     * The claims, each labelled {@value #VOLUME_LABEL} with its volume's id, with a {@code dataSource} naming the
     * volume's VolumeSnapshot {@code <volumeId>.<n>} (as the csi backend names them), {@code n} the snapshot
     * {@code snapshots} names for the volume, and requesting at least the size {@code restoreSizes} gives for that
     * VolumeSnapshot (a driver refuses to restore into less); a claim whose volume is not in the export or has no
     * snapshot there is a problem.
     */
    public static Checked<List<Map<String, Object>>> claims(ApplicationExported export, String decisionId,
            Map<String, Long> snapshots, Map<String, Quantity> restoreSizes) {
        Checked<List<Restore>> restores = restores(export, snapshots);
        if (!restores.isValid()) {
            return Checked.invalid(restores.problems());
        }
        List<Map<String, Object>> claims = new ArrayList<>();
        for (Restore restore : restores.value()) {
            Map<String, Object> claim = labelled(restore.claim(), export.groupId(), decisionId);
            childOrNew(ObjectCleaner.child(claim, "metadata"), "labels").put(VOLUME_LABEL, restore.volumeId());
            Map<String, Object> dataSource = new LinkedHashMap<>();
            dataSource.put("apiGroup", "snapshot.storage.k8s.io");
            dataSource.put("kind", "VolumeSnapshot");
            dataSource.put("name", restore.snapshotName());
            spec(claim).put("dataSource", dataSource);
            spec(claim).remove("dataSourceRef");
            Quantity restoreSize = restoreSizes.get(restore.snapshotName());
            if (restoreSize != null) {
                requestAtLeast(claim, restoreSize);
            }
            claims.add(claim);
        }
        return Checked.valid(claims);
    }

    /** The VolumeSnapshot of snapshot {@code snapshot} of a volume, as the csi backend of the snapshot-service names it. */
    public static String snapshotName(String volumeId, long snapshot) {
        return volumeId + "." + snapshot;
    }

    /** The labels of everything made for a decision, by which an abort finds it. */
    public static Map<String, String> labels(String groupId, String decisionId) {
        return Map.of(DECISION_LABEL, Ids.decisionLabel(decisionId), GROUP_LABEL, groupId);
    }

    /** The replicas a staged workload is to run: its annotation's count, else its spec's. */
    public static int targetReplicas(Map<String, String> annotations, Integer specReplicas) {
        String kept = annotations == null ? null : annotations.get(REPLICAS_ANNOTATION);
        if (kept != null && kept.matches("\\d{1,9}")) {
            return Integer.parseInt(kept);
        }
        return specReplicas == null ? 1 : specReplicas;
    }

    public static String name(Map<String, Object> object) {
        return (String) ObjectCleaner.child(object, "metadata").get("name");
    }

    private static Map<String, Object> labelled(Map<String, Object> object, String groupId, String decisionId) {
        Map<String, Object> copy = ObjectCleaner.copy(object);
        Map<String, Object> labels = childOrNew(ObjectCleaner.child(copy, "metadata"), "labels");
        labels.putAll(labels(groupId, decisionId));
        return copy;
    }

    private static Map<String, Object> annotations(Map<String, Object> object) {
        return childOrNew(ObjectCleaner.child(object, "metadata"), "annotations");
    }

    /** Raises the claim's {@code resources.requests.storage} to {@code size} where it asks for less or nothing. */
    private static void requestAtLeast(Map<String, Object> claim, Quantity size) {
        Map<String, Object> resources = childOrNew(spec(claim), "resources");
        Map<String, Object> requests = childOrNew(resources, "requests");
        Object requested = requests.get("storage");
        if (requested == null || new Quantity(String.valueOf(requested)).getNumericalAmount()
                .compareTo(size.getNumericalAmount()) < 0) {
            requests.put("storage", size.toString());
        }
    }

    private static Map<String, Object> childOrNew(Map<String, Object> parent, String key) {
        Map<String, Object> child = ObjectCleaner.child(parent, key);
        if (child == null) {
            child = new LinkedHashMap<>();
            parent.put(key, child);
        }
        return child;
    }

    private static Map<String, Object> spec(Map<String, Object> object) {
        return childOrNew(object, "spec");
    }

    private static int replicas(Map<String, Object> spec) {
        return spec.get("replicas") instanceof Number number ? number.intValue() : 1;
    }
}
