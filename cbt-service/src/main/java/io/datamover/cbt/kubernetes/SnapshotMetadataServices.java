package io.datamover.cbt.kubernetes;

import io.datamover.cbt.domain.MetadataServiceSpec;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.grpc.Status;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the cluster-scoped {@code SnapshotMetadataService} resource a CSI driver publishes under its own name
 * (group {@value #GROUP}), by which it offers changed block tracking: {@code v1beta1} first, then {@code v1alpha1}.
 */
public final class SnapshotMetadataServices {

    public static final String GROUP = "cbt.storage.k8s.io";
    public static final String KIND = "SnapshotMetadataService";
    public static final String PLURAL = "snapshotmetadataservices";
    public static final List<String> VERSIONS = List.of("v1beta1", "v1alpha1");

    private final KubernetesClient client;

    public SnapshotMetadataServices(KubernetesClient client) {
        this.client = client;
    }

    public static ResourceDefinitionContext context(String version) {
        return new ResourceDefinitionContext.Builder()
                .withGroup(GROUP)
                .withVersion(version)
                .withKind(KIND)
                .withPlural(PLURAL)
                .withNamespaced(false)
                .build();
    }

    /**
     * The spec of driver {@code driver}'s resource, empty when there is none in any version.
     *
     * @throws io.grpc.StatusRuntimeException UNAVAILABLE when the API server cannot be read, INVALID_ARGUMENT when
     *         the resource lacks a field
     */
    public Optional<MetadataServiceSpec> find(String driver) {
        for (String version : VERSIONS) {
            GenericKubernetesResource resource;
            try {
                resource = client.genericKubernetesResources(context(version)).withName(driver).get();
            } catch (KubernetesClientException e) {
                throw Status.UNAVAILABLE.withDescription("cannot read " + KIND + " " + driver + " (" + GROUP + "/"
                        + version + "): " + e.getMessage()).withCause(e).asRuntimeException();
            }
            if (resource != null) {
                return Optional.of(spec(driver, resource));
            }
        }
        return Optional.empty();
    }

    private static MetadataServiceSpec spec(String driver, GenericKubernetesResource resource) {
        Object spec = resource.getAdditionalProperties().get("spec");
        Map<?, ?> fields = spec instanceof Map<?, ?> map ? map : Map.of();
        try {
            return MetadataServiceSpec.of(driver, fields.get("address"), fields.get("audience"), fields.get("caCert"));
        } catch (IllegalArgumentException e) {
            throw Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException();
        }
    }
}
