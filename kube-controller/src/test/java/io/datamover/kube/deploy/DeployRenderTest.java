package io.datamover.kube.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.datamover.runtime.RepoRoot;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every manifest file of {@code deploy/} deserialises with Fabric8 (the kinds Kubernetes itself serves into their
 * typed classes) and is part of some overlay; every overlay renders with {@code kubectl kustomize} into objects
 * Fabric8 reads, and what the objects refer to (service accounts, roles, config maps) is rendered with them. The
 * rendering needs kubectl on the PATH: {@code .ci/run} requires it; elsewhere those tests are skipped, saying so.
 */
class DeployRenderTest {

    private static final Path DEPLOY = RepoRoot.find().resolve("deploy");
    private static final YAMLMapper YAML = new YAMLMapper();
    /** Kinds of other projects (Strimzi, the Multi-Cluster Services API) that Fabric8 reads generically. */
    private static final Set<String> FOREIGN_KINDS = Set.of("Kafka", "KafkaNodePool", "KafkaTopic", "ServiceExport");
    /** The services that call the Kubernetes API, and so get a token; the others mount none. */
    private static final Set<String> API_CLIENTS = Set.of("kube-controller");

    @Test
    void shouldReadEveryManifestFileWithFabric8() throws IOException {
        Set<Path> patches = new TreeSet<>();
        for (Path overlay : overlays()) {
            collect(overlay, new TreeSet<>(), patches);
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
        }
    }

    @Test
    void shouldRenderWhatEachObjectRefersTo() throws Exception {
        for (Path overlay : overlays()) {
            List<HasMetadata> objects = render(overlay);
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
                        .as("%s mounts an API token", name).isEqualTo(API_CLIENTS.contains(name));
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
            Deployment transfer = ofType(objects, Deployment.class).stream()
                    .filter(d -> d.getMetadata().getName().equals("transfer-service")).findFirst().orElseThrow();
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
            Deployment controller = ofType(objects, Deployment.class).stream()
                    .filter(d -> d.getMetadata().getName().equals("kube-controller")).findFirst().orElseThrow();
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
    void shouldIncludeEveryManifestFileInSomeOverlay() throws IOException {
        Set<Path> included = new TreeSet<>();
        for (Path overlay : overlays()) {
            collect(overlay, included, included);
        }

        assertThat(included).containsAll(manifestFiles());
    }

    private static Set<Path> manifestFiles() throws IOException {
        try (Stream<Path> files = Files.walk(DEPLOY)) {
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
        });
    }

    /** The files a kustomization uses, its resources and its patches, following the directories it names. */
    private static void collect(Path kustomizationDir, Set<Path> resources, Set<Path> patches) throws IOException {
        JsonNode kustomization = YAML.readTree(kustomizationDir.resolve("kustomization.yaml").toFile());
        for (JsonNode resource : kustomization.path("resources")) {
            Path path = kustomizationDir.resolve(resource.asText()).normalize();
            if (Files.isDirectory(path)) {
                collect(path, resources, patches);
            } else {
                resources.add(path);
            }
        }
        for (JsonNode patch : kustomization.path("patches")) {
            if (patch.has("path")) {
                patches.add(kustomizationDir.resolve(patch.path("path").asText()).normalize());
            }
        }
    }

    private static List<Path> overlays() throws IOException {
        try (Stream<Path> dirs = Files.list(DEPLOY.resolve("overlays"))) {
            List<Path> overlays = dirs.filter(Files::isDirectory).sorted().toList();
            assertThat(overlays).isNotEmpty();
            return overlays;
        }
    }

    /** {@code kubectl kustomize overlay}, each object read with Fabric8; skips the test where kubectl is missing. */
    private static List<HasMetadata> render(Path overlay) throws IOException, InterruptedException {
        Process kubectl;
        try {
            kubectl = new ProcessBuilder("kubectl", "kustomize", overlay.toString()).redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            Assumptions.abort("kubectl is not on the PATH, so deploy/'s overlays are not rendered here (.ci/run"
                    + " requires kubectl 1.27 or later): " + e.getMessage());
            throw e;
        }
        String rendered;
        try (InputStream out = kubectl.getInputStream()) {
            rendered = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).as("kubectl kustomize %s ends", overlay).isTrue();
        assertThat(kubectl.exitValue()).as("kubectl kustomize %s: %s", overlay, rendered).isZero();
        return read(rendered);
    }

    /** Every object of a YAML stream, read with Fabric8. */
    private static List<HasMetadata> read(String yaml) throws IOException {
        List<HasMetadata> objects = new ArrayList<>();
        for (JsonNode document : YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll()) {
            if (!document.isNull() && !document.isMissingNode()) {
                objects.add(Serialization.unmarshal(YAML.writeValueAsString(document), HasMetadata.class));
            }
        }
        return objects;
    }

    private static <T> List<T> ofType(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
