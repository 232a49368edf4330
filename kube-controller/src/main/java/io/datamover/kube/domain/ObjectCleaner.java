package io.datamover.kube.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strips an object read from a cluster of what that cluster owns, so that another cluster can create it: its status,
 * the metadata the API server sets, the addresses a Service was given and the volume a claim is bound to.
 */
public final class ObjectCleaner {

    private static final Set<String> SERVER_METADATA = Set.of("uid", "resourceVersion", "creationTimestamp",
            "generation", "managedFields", "ownerReferences", "finalizers", "selfLink", "deletionTimestamp",
            "deletionGracePeriodSeconds");
    private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    /** Annotations of the binding of a claim to a volume, which the target's claims get from their own binding. */
    private static final List<String> BINDING_ANNOTATION_PREFIXES = List.of("pv.kubernetes.io/",
            "volume.kubernetes.io/", "volume.beta.kubernetes.io/");

    private ObjectCleaner() {
    }

    /** A cleaned copy of {@code object} (Kubernetes JSON as maps); the object itself is left as it is. */
    public static Map<String, Object> clean(Map<String, Object> object) {
        Map<String, Object> copy = copy(object);
        copy.remove("status");
        Map<String, Object> metadata = child(copy, "metadata");
        if (metadata != null) {
            SERVER_METADATA.forEach(metadata::remove);
            Map<String, Object> annotations = child(metadata, "annotations");
            if (annotations != null) {
                annotations.keySet().removeIf(key -> key.equals(LAST_APPLIED)
                        || BINDING_ANNOTATION_PREFIXES.stream().anyMatch(key::startsWith));
                if (annotations.isEmpty()) {
                    metadata.remove("annotations");
                }
            }
        }
        Map<String, Object> spec = child(copy, "spec");
        if (spec != null && "Service".equals(copy.get("kind"))) {
            spec.remove("clusterIP");
            spec.remove("clusterIPs");
            if (spec.get("ports") instanceof List<?> ports) {
                ports.stream().filter(Map.class::isInstance).forEach(port -> ((Map<?, ?>) port).remove("nodePort"));
            }
        }
        if (spec != null && "PersistentVolumeClaim".equals(copy.get("kind"))) {
            spec.remove("volumeName");
        }
        return copy;
    }

    /** The map under {@code key}, or null when there is none. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> child(Map<String, Object> parent, String key) {
        return parent.get(key) instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
    }

    /** A deep copy of JSON as maps and lists, which may then be changed. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> copy(Map<String, Object> object) {
        return (Map<String, Object>) copyValue(object);
    }

    private static Object copyValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, child) -> copy.put(String.valueOf(key), copyValue(child)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(child -> copy.add(copyValue(child)));
            return copy;
        }
        return value;
    }
}
