package io.datamover.kube.domain;

import io.datamover.events.ApplicationExported;
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
    public static final String REPLICAS_ANNOTATION = "datamover.io/replicas";
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
     * The claims, each with a {@code dataSource} naming its volume's VolumeSnapshot {@code <volumeId>.<n>} (as the
     * csi backend names them), {@code n} the snapshot {@code snapshots} names for the volume; a claim whose volume
     * is not in the export or has no snapshot there is a problem.
     */
    public static Checked<List<Map<String, Object>>> claims(ApplicationExported export, String decisionId,
            Map<String, Long> snapshots) {
        List<Map<String, Object>> claims = new ArrayList<>();
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
                continue;
            }
            Map<String, Object> claim = labelled(object, export.groupId(), decisionId);
            Map<String, Object> dataSource = new LinkedHashMap<>();
            dataSource.put("apiGroup", "snapshot.storage.k8s.io");
            dataSource.put("kind", "VolumeSnapshot");
            dataSource.put("name", snapshotName(volumeId, snapshot));
            spec(claim).put("dataSource", dataSource);
            spec(claim).remove("dataSourceRef");
            claims.add(claim);
        }
        return problems.isEmpty() ? Checked.valid(claims) : Checked.invalid(problems);
    }

    /** The VolumeSnapshot of snapshot {@code snapshot} of a volume, as the csi backend of the snapshot-service names it. */
    public static String snapshotName(String volumeId, long snapshot) {
        return volumeId + "." + snapshot;
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
        Map<String, Object> metadata = ObjectCleaner.child(copy, "metadata");
        Map<String, Object> labels = ObjectCleaner.child(metadata, "labels");
        if (labels == null) {
            labels = new LinkedHashMap<>();
            metadata.put("labels", labels);
        }
        labels.put(DECISION_LABEL, Ids.decisionLabel(decisionId));
        labels.put(GROUP_LABEL, groupId);
        return copy;
    }

    private static Map<String, Object> annotations(Map<String, Object> object) {
        Map<String, Object> metadata = ObjectCleaner.child(object, "metadata");
        Map<String, Object> annotations = ObjectCleaner.child(metadata, "annotations");
        if (annotations == null) {
            annotations = new LinkedHashMap<>();
            metadata.put("annotations", annotations);
        }
        return annotations;
    }

    private static Map<String, Object> spec(Map<String, Object> object) {
        Map<String, Object> spec = ObjectCleaner.child(object, "spec");
        if (spec == null) {
            spec = new LinkedHashMap<>();
            object.put("spec", spec);
        }
        return spec;
    }

    private static int replicas(Map<String, Object> spec) {
        return spec.get("replicas") instanceof Number number ? number.intValue() : 1;
    }
}
