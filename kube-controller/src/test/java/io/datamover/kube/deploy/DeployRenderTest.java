package io.datamover.kube.deploy;

import static io.datamover.kube.deploy.Kustomizations.MOVER_INGRESS;
import static io.datamover.kube.deploy.Kustomizations.contents;
import static io.datamover.kube.deploy.Kustomizations.csiOverlays;
import static io.datamover.kube.deploy.Kustomizations.deployment;
import static io.datamover.kube.deploy.Kustomizations.ofType;
import static io.datamover.kube.deploy.Kustomizations.overlays;
import static io.datamover.kube.deploy.Kustomizations.read;
import static io.datamover.kube.deploy.Kustomizations.render;
import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.kube.deploy.Kustomizations.Contents;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every manifest file of {@code deploy/} deserialises with Fabric8 (the kinds Kubernetes itself serves into their
 * typed classes) and is part of some overlay or of {@code mover-ingress}; every overlay renders with
 * {@code kubectl kustomize} into objects Fabric8 reads, and what the objects refer to (service accounts, roles,
 * config maps) is rendered with them. {@link CsiComponentTest} checks what {@code components/csi} adds.
 */
class DeployRenderTest {

    /** Kinds of other projects (Strimzi, the Multi-Cluster Services API) that Fabric8 reads generically. */
    private static final Set<String> FOREIGN_KINDS = Set.of("Kafka", "KafkaNodePool", "KafkaTopic", "ServiceExport");
    /** The services that call the Kubernetes API at every site, and so get a token. */
    private static final Set<String> API_CLIENTS = Set.of("kube-controller");
    /** The services that call it too where {@code components/csi} is included; elsewhere they mount no token. */
    static final Set<String> CSI_API_CLIENTS = Set.of("snapshot-service", "cbt-service", "transfer-service");

    @Test
    void shouldReadEveryManifestFileWithFabric8() throws IOException {
        Set<Path> patches = new TreeSet<>();
        for (Path kustomization : kustomizations()) {
            patches.addAll(contents(kustomization).patches());
        }
        for (Path file : manifestFiles()) {
            if (patches.contains(file)) {
                continue;
            }
            List<HasMetadata> objects = read(Files.readString(file));

            assertThat(objects).as("objects in %s", file).isNotEmpty().allSatisfy(object -> {
                assertThat(object.getMetadata().getName()).as("a %s in %s", object.getKind(), file).isNotBlank();
                if (!FOREIGN_KINDS.contains(object.getKind())) {
                    assertThat(object).as("%s/%s in %s", object.getKind(), object.getMetadata().getName(), file)
                            .isNotInstanceOf(GenericKubernetesResource.class);
                }
            });
        }
    }

    @Test
    void shouldRenderEveryOverlayIntoObjectsThatFabric8Reads() throws Exception {
        for (Path overlay : overlays()) {
            List<HasMetadata> objects = render(overlay);

            assertThat(objects).as("objects of %s", overlay).isNotEmpty();
            for (HasMetadata object : objects) {
                assertThat(object.getMetadata().getName()).as("a %s of %s", object.getKind(), overlay).isNotBlank();
                if (!FOREIGN_KINDS.contains(object.getKind())) {
                    assertThat(object).as("%s/%s of %s", object.getKind(), object.getMetadata().getName(), overlay)
                            .isNotInstanceOf(GenericKubernetesResource.class);
                }
            }
            assertThat(objects).filteredOn(o -> o.getKind().equals("CustomResourceDefinition"))
                    .extracting(o -> o.getMetadata().getName())
                    .containsExactlyInAnyOrder("migrationlocations.datamover.io", "snapshotschedules.datamover.io",
                            "protectedapplications.datamover.io");
            assertThat(ofType(objects, Secret.class)).as("Secrets of %s", overlay).allSatisfy(secret -> {
                assertThat(secret.getData()).as("data of Secret %s", secret.getMetadata().getName()).isNullOrEmpty();
                assertThat(secret.getStringData()).as("stringData of Secret %s", secret.getMetadata().getName())
                        .isNullOrEmpty();
            });
        }
    }

    @Test
    void shouldRenderWhatEachObjectRefersTo() throws Exception {
        List<Path> csiOverlays = csiOverlays();
        for (Path overlay : overlays()) {
            List<HasMetadata> objects = render(overlay);
            Set<String> apiClients = new TreeSet<>(API_CLIENTS);
            if (csiOverlays.contains(overlay)) {
                apiClients.addAll(CSI_API_CLIENTS);
            }
            Set<String> present = objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName())
                    .collect(Collectors.toSet());

            for (Deployment deployment : ofType(objects, Deployment.class)) {
                PodSpec pod = deployment.getSpec().getTemplate().getSpec();
                String name = deployment.getMetadata().getName();
                assertThat(present).as("the account of %s in %s", name, overlay)
                        .contains("ServiceAccount/" + pod.getServiceAccountName());
                pod.getContainers().forEach(c -> c.getEnvFrom().forEach(from -> assertThat(present)
                        .as("config map of %s in %s", name, overlay)
                        .contains("ConfigMap/" + from.getConfigMapRef().getName())));
                assertThat(Boolean.TRUE.equals(pod.getAutomountServiceAccountToken()))
                        .as("%s mounts an API token in %s", name, overlay).isEqualTo(apiClients.contains(name));
            }
            for (RoleBinding binding : ofType(objects, RoleBinding.class)) {
                assertBinds(present, binding.getRoleRef(), binding.getSubjects(), overlay);
            }
            for (ClusterRoleBinding binding : ofType(objects, ClusterRoleBinding.class)) {
                assertBinds(present, binding.getRoleRef(), binding.getSubjects(), overlay);
            }
            assertThat(ofType(objects, ServiceAccount.class)).allSatisfy(account -> assertThat(
                    account.getMetadata().getNamespace()).isEqualTo("datamover"));
        }
    }

    /**
     * A source connects to the data-plane port a target's transfer-service announces, at the host of the peer URL:
     * the port must be fixed, and every Service of the transfer-service must expose it as the same number.
     */
    @Test
    void shouldExposeTheTransferServicesDataPlanePortOnEveryServiceOfIt() throws Exception {
        for (Path overlay : overlays()) {
            List<HasMetadata> objects = render(overlay);
            Deployment transfer = deployment(objects, "transfer-service");
            Container container = transfer.getSpec().getTemplate().getSpec().getContainers().get(0);
            String port = container.getEnv().stream()
                    .filter(e -> e.getName().equals("DATAMOVER_TRANSFER_DATA_PLANE_PORT")).map(EnvVar::getValue)
                    .findFirst().orElseThrow(() -> new AssertionError("no data-plane port set in " + overlay));
            List<io.fabric8.kubernetes.api.model.Service> services = ofType(objects,
                    io.fabric8.kubernetes.api.model.Service.class).stream()
                    .filter(s -> "transfer-service".equals(s.getSpec().getSelector().get("app.kubernetes.io/name")))
                    .toList();

            assertThat(container.getPorts()).anySatisfy(p -> {
                assertThat(p.getName()).isEqualTo("data-plane");
                assertThat(p.getContainerPort()).isEqualTo(Integer.parseInt(port));
            });
            assertThat(services).as("services of the transfer-service in %s", overlay).hasSizeGreaterThan(1)
                    .allSatisfy(s -> assertThat(s.getSpec().getPorts()).anySatisfy(p -> {
                        assertThat(p.getPort()).isEqualTo(Integer.parseInt(port));
                        assertThat(p.getTargetPort().getStrVal()).isEqualTo("data-plane");
                    }));
        }
    }

    /** The hook endpoint runs commands in application pods: only the snapshot-service may reach it. */
    @Test
    void shouldLetOnlyTheSnapshotServiceReachKubeController() throws Exception {
        for (Path overlay : overlays()) {
            List<HasMetadata> objects = render(overlay);
            Deployment controller = deployment(objects, "kube-controller");
            Map<String, String> podLabels = controller.getSpec().getTemplate().getMetadata().getLabels();
            List<NetworkPolicy> policies = ofType(objects, NetworkPolicy.class).stream()
                    .filter(p -> podLabels.entrySet().containsAll(
                            p.getSpec().getPodSelector().getMatchLabels().entrySet()))
                    .toList();

            assertThat(policies).as("network policies selecting kube-controller in %s", overlay).singleElement()
                    .satisfies(policy -> {
                        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
                        assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
                            assertThat(rule.getFrom()).singleElement().satisfies(peer -> {
                                assertThat(peer.getNamespaceSelector()).isNull();
                                assertThat(peer.getPodSelector().getMatchLabels())
                                        .containsExactly(Map.entry("app.kubernetes.io/name", "snapshot-service"));
                            });
                            assertThat(rule.getPorts()).singleElement()
                                    .satisfies(port -> assertThat(port.getPort().getStrVal()).isEqualTo("http"));
                        });
                    });
        }
    }

    @Test
    void shouldIncludeEveryManifestFileInSomeOverlayOrTheMoverIngress() throws IOException {
        Set<Path> included = new TreeSet<>();
        for (Path kustomization : kustomizations()) {
            Contents contents = contents(kustomization);
            included.addAll(contents.resources());
            included.addAll(contents.patches());
        }

        assertThat(included).containsAll(manifestFiles());
    }

    /** The overlays, and the kustomization of the mover pods' NetworkPolicy, which no overlay includes. */
    private static List<Path> kustomizations() throws IOException {
        List<Path> kustomizations = new ArrayList<>(overlays());
        kustomizations.add(MOVER_INGRESS);
        return kustomizations;
    }

    private static Set<Path> manifestFiles() throws IOException {
        try (Stream<Path> files = Files.walk(Kustomizations.DEPLOY)) {
            return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .filter(f -> !f.getFileName().toString().equals("kustomization.yaml"))
                    .map(Path::normalize).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static void assertBinds(Set<String> present, RoleRef role, List<Subject> subjects, Path overlay) {
        assertThat(present).as("role of a binding in %s", overlay).contains(role.getKind() + "/" + role.getName());
        assertThat(subjects).isNotEmpty().allSatisfy(subject -> {
            assertThat(subject.getKind()).isEqualTo("ServiceAccount");
            assertThat(subject.getNamespace()).isEqualTo("datamover");
            assertThat(present).contains("ServiceAccount/" + subject.getName());
            assertThat(subject.getName()).as("the services without a token run as datamover: it has no rights")
                    .isNotEqualTo("datamover");
        });
    }
}
