package io.datamover.snapshot.kubernetes;

import io.datamover.snapshot.domain.Workload;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pods that use a claim and the workloads that run them, which the csi backend scales to 0 to freeze a volume
 * and back to thaw it: the count it had is kept in the workload's annotation {@value #REPLICAS_ANNOTATION}, the one
 * kube-controller keeps when it scales a moved application down, so that either can give it back. Failures surface as
 * {@link KubernetesClientException}.
 */
public final class ClaimWorkloads {

    public static final String REPLICAS_ANNOTATION = "datamover.io/replicas";
    private static final Set<String> ENDED = Set.of("Succeeded", "Failed");

    private final KubernetesClient client;

    public ClaimWorkloads(KubernetesClient client) {
        this.client = client;
    }

    /** A pod that mounts the claim, and the workload that runs it (empty: none the data mover can scale). */
    public record User(String pod, Optional<Workload> workload) {
    }

    /** The pods of the namespace that mount the claim and have not ended. */
    public List<User> users(String namespace, String claim) {
        return client.pods().inNamespace(namespace).list().getItems().stream()
                .filter(pod -> mounts(pod, claim))
                .filter(pod -> pod.getStatus() == null || !ENDED.contains(pod.getStatus().getPhase()))
                .map(pod -> new User(pod.getMetadata().getName(), workload(namespace, pod)))
                .toList();
    }

    /** Scales the workload to 0, keeping a running count in the annotation; false when it does not exist. */
    public boolean scaleDown(String namespace, Workload workload) {
        return edit(namespace, workload, (object, replicas) -> {
            if (replicas == null || replicas > 0) {
                annotations(object).put(REPLICAS_ANNOTATION, Integer.toString(replicas == null ? 1 : replicas));
            }
            return 0;
        });
    }

    /**
     * Gives a workload at 0 the count its annotation kept and drops the annotation; one scaled up meanwhile (by its
     * owner) keeps its count. False when it does not exist.
     */
    public boolean scaleBack(String namespace, Workload workload) {
        return edit(namespace, workload, (object, replicas) -> {
            String kept = annotations(object).remove(REPLICAS_ANNOTATION);
            boolean stopped = replicas == null || replicas == 0;
            return stopped && kept != null && kept.matches("\\d{1,9}") ? Integer.parseInt(kept) : replicas;
        });
    }

    private interface Replicas {
        Integer apply(HasMetadata workload, Integer replicas);
    }

    private boolean edit(String namespace, Workload workload, Replicas change) {
        if (workload.kind() == Workload.Kind.DEPLOYMENT) {
            var resource = client.apps().deployments().inNamespace(namespace).withName(workload.name());
            if (resource.get() == null) {
                return false;
            }
            resource.edit(deployment -> {
                deployment.getSpec().setReplicas(change.apply(deployment, deployment.getSpec().getReplicas()));
                return deployment;
            });
            return true;
        }
        var resource = client.apps().statefulSets().inNamespace(namespace).withName(workload.name());
        if (resource.get() == null) {
            return false;
        }
        resource.edit(set -> {
            set.getSpec().setReplicas(change.apply(set, set.getSpec().getReplicas()));
            return set;
        });
        return true;
    }

    /** A StatefulSet's pod is its own; a ReplicaSet's is its Deployment's, if it has one. */
    private Optional<Workload> workload(String namespace, Pod pod) {
        Optional<OwnerReference> owner = controller(pod);
        if (owner.isEmpty()) {
            return Optional.empty();
        }
        if (owner.get().getKind().equals("StatefulSet")) {
            return Optional.of(new Workload(Workload.Kind.STATEFUL_SET, owner.get().getName()));
        }
        if (!owner.get().getKind().equals("ReplicaSet")) {
            return Optional.empty();
        }
        ReplicaSet replicaSet = client.apps().replicaSets().inNamespace(namespace).withName(owner.get().getName())
                .get();
        return Optional.ofNullable(replicaSet).flatMap(ClaimWorkloads::controller)
                .filter(deployment -> deployment.getKind().equals("Deployment"))
                .map(deployment -> new Workload(Workload.Kind.DEPLOYMENT, deployment.getName()));
    }

    private static Optional<OwnerReference> controller(HasMetadata object) {
        List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
        return owners == null ? Optional.empty()
                : owners.stream().filter(owner -> Boolean.TRUE.equals(owner.getController())).findFirst();
    }

    private static boolean mounts(Pod pod, String claim) {
        return pod.getSpec() != null && pod.getSpec().getVolumes() != null && pod.getSpec().getVolumes().stream()
                .anyMatch(volume -> volume.getPersistentVolumeClaim() != null
                        && claim.equals(volume.getPersistentVolumeClaim().getClaimName()));
    }

    private static Map<String, String> annotations(HasMetadata object) {
        if (object.getMetadata().getAnnotations() == null) {
            object.getMetadata().setAnnotations(new HashMap<>());
        }
        return object.getMetadata().getAnnotations();
    }
}
