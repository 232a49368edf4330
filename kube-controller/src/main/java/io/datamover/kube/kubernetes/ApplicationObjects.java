package io.datamover.kube.kubernetes;

import io.datamover.kube.domain.ObjectCleaner;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads an application's objects from its cluster: those of each exported kind its selector matches, cleaned. */
public class ApplicationObjects {

    private final KubernetesClient client;

    public ApplicationObjects(KubernetesClient client) {
        this.client = client;
    }

    /**
     * The objects of {@code namespace} the selector matches, cleaned, by kind and name; of the claims only those in
     * {@code claims} (the bound ones: only their data is replicated), and none being deleted.
     */
    public List<Map<String, Object>> read(String namespace, LabelSelector selector, Set<String> claims) {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (ExportedKind kind : ExportedKind.values()) {
            client.resources(kind.type()).inNamespace(namespace).withLabelSelector(selector).list().getItems()
                    .stream()
                    .filter(object -> object.getMetadata().getDeletionTimestamp() == null)
                    .filter(object -> kind != ExportedKind.PERSISTENT_VOLUME_CLAIM
                            || claims.contains(object.getMetadata().getName()))
                    .sorted(Comparator.comparing(object -> object.getMetadata().getName()))
                    .map(this::asMap)
                    .map(ObjectCleaner::clean)
                    .forEach(objects::add);
        }
        return objects;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> asMap(HasMetadata object) {
        return client.getKubernetesSerialization().convertValue(object, Map.class);
    }
}
