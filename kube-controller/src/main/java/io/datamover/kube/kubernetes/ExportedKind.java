package io.datamover.kube.kubernetes;

import io.datamover.kube.domain.ObjectRef;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of an application's objects that are exported and applied at a target, in the order they are created
 * there (what a workload refers to first). Secrets are not among them: they stay at their site.
 */
public enum ExportedKind {
    SERVICE_ACCOUNT("ServiceAccount", ServiceAccount.class),
    CONFIG_MAP("ConfigMap", ConfigMap.class),
    SERVICE("Service", Service.class),
    PERSISTENT_VOLUME_CLAIM("PersistentVolumeClaim", PersistentVolumeClaim.class),
    DEPLOYMENT("Deployment", Deployment.class),
    STATEFUL_SET("StatefulSet", StatefulSet.class);

    private final String kind;
    private final Class<? extends HasMetadata> type;

    ExportedKind(String kind, Class<? extends HasMetadata> type) {
        this.kind = kind;
        this.type = type;
    }

    public String kind() {
        return kind;
    }

    public Class<? extends HasMetadata> type() {
        return type;
    }

    /** The object of this kind named {@code name} in {@code namespace}. */
    public ObjectRef ref(String namespace, String name) {
        return new ObjectRef(HasMetadata.getApiVersion(type), kind, namespace, name);
    }

    public static Optional<ExportedKind> of(Object kind) {
        return Arrays.stream(values()).filter(k -> k.kind.equals(kind)).findFirst();
    }
}
