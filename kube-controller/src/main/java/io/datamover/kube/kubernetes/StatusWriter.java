package io.datamover.kube.kubernetes;

import io.datamover.kube.crd.ResourceStatus;
import io.datamover.kube.domain.Conditions;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.jboss.logging.Logger;

/** Writes the status of a resource, only when it changed, so that writing it does not start another pass. */
@ApplicationScoped
public class StatusWriter {

    private static final Logger LOG = Logger.getLogger(StatusWriter.class);

    private final KubernetesClient client;

    public StatusWriter(KubernetesClient client) {
        this.client = client;
    }

    /** Stamps {@code next} for the resource's generation and writes it if it differs from the current status. */
    public <S extends ResourceStatus, T extends CustomResource<?, S>> void write(Class<T> type, T current, S next) {
        Long generation = current.getMetadata().getGeneration();
        S previous = current.getStatus();
        next.setObservedGeneration(generation);
        next.setConditions(Conditions.stamp(previous == null ? null : previous.getConditions(), next.getConditions(),
                generation, Instant.now()));
        if (next.equals(previous)) {
            return;
        }
        String name = current.getMetadata().getName();
        try {
            var resources = client.resources(type).inNamespace(current.getMetadata().getNamespace());
            T fresh = resources.withName(name).get();
            if (fresh == null) {
                return;
            }
            fresh.setStatus(next);
            resources.resource(fresh).updateStatus();
        } catch (KubernetesClientException e) {
            LOG.warnf("cannot write the status of %s %s: %s", type.getSimpleName(), name, e.getMessage());
        }
    }
}
