package io.datamover.kube.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.datamover.runtime.RepoRoot;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
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
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The kustomizations of {@code deploy/}: what each one uses, rendered with {@code kubectl kustomize} and read with
 * Fabric8. Rendering needs kubectl on the PATH: {@code .ci/run} requires it; elsewhere a test that renders is
 * skipped, saying so.
 */
final class Kustomizations {

    static final Path DEPLOY = RepoRoot.find().resolve("deploy");
    /** The component that switches a site to the csi storage backend. */
    static final Path CSI = DEPLOY.resolve("components/csi");
    /** The NetworkPolicy of the mover pods, applied in each application namespace of a csi site. */
    static final Path MOVER_INGRESS = DEPLOY.resolve("mover-ingress");
    private static final YAMLMapper YAML = new YAMLMapper();

    private Kustomizations() {
    }

    /** The files a kustomization uses, following the directories it names, and the components it includes. */
    record Contents(Set<Path> resources, Set<Path> patches, Set<Path> components) {

        Contents() {
            this(new TreeSet<>(), new TreeSet<>(), new TreeSet<>());
        }
    }

    /** The site overlays, {@code deploy/overlays/*}. */
    static List<Path> overlays() throws IOException {
        try (Stream<Path> dirs = Files.list(DEPLOY.resolve("overlays"))) {
            List<Path> overlays = dirs.filter(Files::isDirectory).sorted().toList();
            assertThat(overlays).isNotEmpty();
            return overlays;
        }
    }

    /** The overlays that include {@link #CSI}, themselves or through a kustomization they build on. */
    static List<Path> csiOverlays() throws IOException {
        List<Path> csi = new ArrayList<>();
        for (Path overlay : overlays()) {
            if (contents(overlay).components().contains(CSI)) {
                csi.add(overlay);
            }
        }
        return csi;
    }

    static Contents contents(Path kustomizationDir) throws IOException {
        Contents contents = new Contents();
        collect(kustomizationDir, contents);
        return contents;
    }

    private static void collect(Path kustomizationDir, Contents contents) throws IOException {
        JsonNode kustomization = YAML.readTree(kustomizationDir.resolve("kustomization.yaml").toFile());
        for (JsonNode resource : kustomization.path("resources")) {
            Path path = kustomizationDir.resolve(resource.asText()).normalize();
            if (Files.isDirectory(path)) {
                collect(path, contents);
            } else {
                contents.resources().add(path);
            }
        }
        for (JsonNode component : kustomization.path("components")) {
            Path path = kustomizationDir.resolve(component.asText()).normalize();
            contents.components().add(path);
            collect(path, contents);
        }
        for (JsonNode patch : kustomization.path("patches")) {
            if (patch.has("path")) {
                contents.patches().add(kustomizationDir.resolve(patch.path("path").asText()).normalize());
            }
        }
    }

    /** {@code kubectl kustomize dir}, each object read with Fabric8; skips the test where kubectl is missing. */
    static List<HasMetadata> render(Path dir) throws IOException, InterruptedException {
        Process kubectl;
        try {
            kubectl = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("kubectl is not on the PATH, so deploy/'s kustomizations are not rendered here (.ci/run"
                    + " requires kubectl 1.27 or later): " + e.getMessage());
            throw e;
        }
        String rendered;
        try (InputStream out = kubectl.getInputStream()) {
            rendered = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).as("kubectl kustomize %s ends", dir).isTrue();
        assertThat(kubectl.exitValue()).as("kubectl kustomize %s: %s", dir, rendered).isZero();
        return read(rendered);
    }

    /** Every object of a YAML stream, read with Fabric8. */
    static List<HasMetadata> read(String yaml) throws IOException {
        List<HasMetadata> objects = new ArrayList<>();
        for (JsonNode document : YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll()) {
            if (!document.isNull() && !document.isMissingNode()) {
                objects.add(Serialization.unmarshal(YAML.writeValueAsString(document), HasMetadata.class));
            }
        }
        return objects;
    }

    static <T> List<T> ofType(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static Deployment deployment(List<HasMetadata> objects, String name) {
        return ofType(objects, Deployment.class).stream().filter(d -> d.getMetadata().getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no Deployment " + name));
    }

    /**
     * The environment of a Deployment's container as the pod gets it: the rendered config maps it names, then its
     * own variables; one set from a field of the pod reads {@code fieldRef:<path>}, one set otherwise
     * {@code valueFrom}.
     */
    static Map<String, String> environment(Deployment deployment, List<HasMetadata> objects) {
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> environment = new TreeMap<>();
        for (EnvFromSource from : container.getEnvFrom()) {
            ConfigMap map = ofType(objects, ConfigMap.class).stream()
                    .filter(m -> m.getMetadata().getName().equals(from.getConfigMapRef().getName())).findFirst()
                    .orElseThrow(() -> new AssertionError("no config map " + from.getConfigMapRef().getName()));
            environment.putAll(map.getData());
        }
        for (EnvVar variable : container.getEnv()) {
            environment.put(variable.getName(), variable.getValueFrom() == null ? variable.getValue()
                    : variable.getValueFrom().getFieldRef() == null ? "valueFrom"
                    : "fieldRef:" + variable.getValueFrom().getFieldRef().getFieldPath());
        }
        return environment;
    }
}
