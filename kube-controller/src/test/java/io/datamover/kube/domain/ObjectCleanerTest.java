package io.datamover.kube.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

class ObjectCleanerTest {

    @Test
    void shouldDropWhatTheSourceClusterOwnsAndKeepTheRest() {
        Map<String, Object> cleaned = ObjectCleaner.clean(Map.of("apiVersion", "apps/v1", "kind", "Deployment",
                "metadata", metadata(Map.of("kubectl.kubernetes.io/last-applied-configuration", "{}",
                        "team", "shop")),
                "spec", Map.of("replicas", 2),
                "status", Map.of("readyReplicas", 2)));

        assertThat(cleaned).containsOnlyKeys("apiVersion", "kind", "metadata", "spec");
        assertThat(cleaned.get("metadata")).isEqualTo(Map.of("name", "web", "namespace", "shop",
                "labels", Map.of("app", "webshop"), "annotations", Map.of("team", "shop")));
        assertThat(cleaned.get("spec")).isEqualTo(Map.of("replicas", 2));
    }

    @Test
    void shouldDropTheAddressesOfAService() {
        Map<String, Object> cleaned = ObjectCleaner.clean(Map.of("apiVersion", "v1", "kind", "Service",
                "metadata", metadata(Map.of()),
                "spec", Map.of("clusterIP", "10.0.0.7", "clusterIPs", List.of("10.0.0.7"), "type", "NodePort",
                        "ports", List.of(Map.of("port", 80, "nodePort", 30080)))));

        assertThat(cleaned.get("spec")).isEqualTo(Map.of("type", "NodePort", "ports", List.of(Map.of("port", 80))));
    }

    @Test
    void shouldDropTheBindingOfAClaimButKeepItsStorageClass() {
        Map<String, Object> cleaned = ObjectCleaner.clean(Map.of("apiVersion", "v1", "kind", "PersistentVolumeClaim",
                "metadata", metadata(Map.of("pv.kubernetes.io/bind-completed", "yes",
                        "volume.kubernetes.io/storage-provisioner", "ebs.csi.aws.com")),
                "spec", Map.of("volumeName", "pvc-1234", "storageClassName", "fast-ssd"),
                "status", Map.of("phase", "Bound")));

        assertThat(cleaned.get("spec")).isEqualTo(Map.of("storageClassName", "fast-ssd"));
        assertThat(cleaned.get("metadata")).asInstanceOf(InstanceOfAssertFactories.map(String.class, Object.class))
                .doesNotContainKey("annotations");
    }

    @Test
    void shouldLeaveTheObjectItCleansAsItIs() {
        Map<String, Object> original = Map.of("kind", "ConfigMap", "metadata", metadata(Map.of()));

        ObjectCleaner.clean(original);

        assertThat(original.get("metadata")).asInstanceOf(InstanceOfAssertFactories.map(String.class, Object.class))
                .containsKeys("uid", "resourceVersion");
    }

    private static Map<String, Object> metadata(Map<String, String> annotations) {
        Map<String, Object> metadata = new HashMap<>(Map.of("name", "web", "namespace", "shop",
                "labels", Map.of("app", "webshop"), "uid", "0a1b", "resourceVersion", "42",
                "creationTimestamp", "2026-01-01T00:00:00Z", "generation", 3, "managedFields", List.of(Map.of()),
                "ownerReferences", List.of(Map.of("kind", "Foo")), "finalizers", List.of("x")));
        if (!annotations.isEmpty()) {
            metadata.put("annotations", annotations);
        }
        return metadata;
    }
}
