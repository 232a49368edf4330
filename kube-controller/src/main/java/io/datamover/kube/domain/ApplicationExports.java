package io.datamover.kube.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.datamover.events.ApplicationExported;
import io.datamover.events.EventJson;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An application's objects, cleaned, made into the export for one target: moved into the namespace the target's
 * mapping names, each claim (also a StatefulSet's claim templates) given the storage class it maps to, and each
 * workload the data mover scaled down given back its count.
 */
public final class ApplicationExports {

    /** Exports above this size are refused: a Kafka record is at most 1 MiB by default, headers included. */
    public static final int MAX_BYTES = 900 * 1024;

    private ApplicationExports() {
    }

    /**
     * The export of the application of group {@code groupId} in {@code namespace} at {@code site} for
     * {@code target}.
     *
     * @param cleaned the application's objects, already {@linkplain ObjectCleaner#clean cleaned}
     * @param volumes per claim among the objects, its volume id
     */
    public static ApplicationExported of(String groupId, String site, String namespace,
            List<Map<String, Object>> cleaned, Map<String, String> volumes, Target target) {
        String targetNamespace = target.mapping().namespace(namespace);
        List<Map<String, Object>> objects = cleaned.stream()
                .map(object -> transform(object, targetNamespace, target.mapping())).toList();
        return ApplicationExported.of(groupId, site, target.site(), namespace, targetNamespace, objects, volumes);
    }

    /** A copy of {@code object} for the target: in its namespace, with its storage classes. */
    static Map<String, Object> transform(Map<String, Object> object, String targetNamespace, ObjectMapping mapping) {
        Map<String, Object> copy = ObjectCleaner.copy(object);
        Map<String, Object> metadata = ObjectCleaner.child(copy, "metadata");
        if (metadata != null) {
            metadata.put("namespace", targetNamespace);
        }
        Map<String, Object> spec = ObjectCleaner.child(copy, "spec");
        if (spec == null) {
            return copy;
        }
        if (MovePlan.WORKLOADS.contains(copy.get("kind"))) {
            restoreKeptReplicas(metadata, spec);
        }
        if ("PersistentVolumeClaim".equals(copy.get("kind"))) {
            mapStorageClass(spec, mapping);
        }
        if ("StatefulSet".equals(copy.get("kind")) && spec.get("volumeClaimTemplates") instanceof List<?> templates) {
            templates.stream().filter(Map.class::isInstance).forEach(template -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> claimSpec = ObjectCleaner.child((Map<String, Object>) template, "spec");
                if (claimSpec != null) {
                    mapStorageClass(claimSpec, mapping);
                }
            });
        }
        return copy;
    }

    /**
     * A workload the data mover scaled to 0 here (it moved away) is exported with the count it kept, so that it runs
     * as it did once it moves back.
     */
    private static void restoreKeptReplicas(Map<String, Object> metadata, Map<String, Object> spec) {
        Map<String, Object> annotations = metadata == null ? null : ObjectCleaner.child(metadata, "annotations");
        if (annotations == null || !(annotations.get(MovePlan.REPLICAS_ANNOTATION) instanceof String kept)) {
            return;
        }
        if (spec.get("replicas") instanceof Number replicas && replicas.intValue() == 0) {
            spec.put("replicas", MovePlan.targetReplicas(Map.of(MovePlan.REPLICAS_ANNOTATION, kept), 0));
        }
        annotations.remove(MovePlan.REPLICAS_ANNOTATION);
        if (annotations.isEmpty()) {
            metadata.remove("annotations");
        }
    }

    private static void mapStorageClass(Map<String, Object> claimSpec, ObjectMapping mapping) {
        if (claimSpec.get("storageClassName") instanceof String storageClass) {
            claimSpec.put("storageClassName", mapping.storageClass(storageClass));
        }
    }

    /** Why the export cannot be published, if it cannot: it is too large for one Kafka record. */
    public static Optional<Problem> sizeProblem(ApplicationExported export) {
        int bytes = EventJson.write(export).length;
        if (bytes <= MAX_BYTES) {
            return Optional.empty();
        }
        return Optional.of(Problem.of("ExportTooLarge", "spec.selector", "selects objects of " + bytes
                + " bytes as JSON for " + export.targetSite() + ", more than the " + MAX_BYTES + " one event may hold"));
    }

    /** A digest of what the export holds, without its event id and time: equal for an unchanged application. */
    public static String contentHash(ApplicationExported export) {
        try {
            byte[] content = EventJson.mapper().writeValueAsBytes(List.of(export.groupId(), export.site(),
                    export.targetSite(), export.sourceNamespace(), export.targetNamespace(), export.objects(),
                    export.volumes()));
            return Ids.sha256Hex(content);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an export is JSON", e);
        }
    }
}
