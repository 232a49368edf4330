package io.datamover.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The Kubernetes manifests in {@code deploy/} cannot drift from the contract's topics and sites. */
class DeployManifestsTest {

    private static final Path DEPLOY = Path.of("..", "deploy");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Path APPLICATION_PROPERTIES = Path.of("src/main/resources/application.properties");
    /**
     * Quarkus applications of the reactor that are no Deployment: block-mover runs as a pod per csi changed set, made
     * by the transfer-service (its image is {@code datamover.transfer.mover.image}).
     */
    private static final List<String> NOT_DEPLOYED = List.of("block-mover");

    @Test
    void shouldDeclareExactlyTheTopicsOfTheContract() throws IOException {
        Map<String, Topics.Definition> declared = ofKind(kafkaManifests(), "KafkaTopic").stream()
                .map(DeployManifestsTest::definition)
                .collect(Collectors.toMap(Topics.Definition::name, Function.identity(), (a, b) -> {
                    throw new AssertionError("topic declared twice: " + a.name());
                }, TreeMap::new));
        Map<String, Topics.Definition> contract = Topics.definitions().stream()
                .collect(Collectors.toMap(Topics.Definition::name, Function.identity(), (a, b) -> a, TreeMap::new));

        assertThat(declared).isEqualTo(contract);
    }

    @Test
    void shouldBindEveryTopicToAKraftClusterWithEnoughBrokers() throws IOException {
        List<JsonNode> manifests = kafkaManifests();
        JsonNode kafka = single(ofKind(manifests, "Kafka"));
        String cluster = kafka.at("/metadata/name").asText();
        List<JsonNode> pools = ofKind(manifests, "KafkaNodePool");
        int brokers = pools.stream()
                .filter(pool -> roles(pool).contains("broker"))
                .mapToInt(pool -> pool.at("/spec/replicas").asInt())
                .sum();

        assertThat(manifests).allSatisfy(m -> assertThat(m.path("apiVersion").asText())
                .isEqualTo("kafka.strimzi.io/v1beta2"));
        assertThat(pools).isNotEmpty().allSatisfy(pool -> assertThat(clusterLabel(pool)).isEqualTo(cluster));
        assertThat(pools).flatMap(DeployManifestsTest::roles).contains("controller");
        assertThat(ofKind(manifests, "KafkaTopic")).allSatisfy(topic -> {
            assertThat(clusterLabel(topic)).isEqualTo(cluster);
            assertThat(topic.at("/spec/replicas").asInt())
                    .isGreaterThan(kafka.at("/spec/kafka/config/min.insync.replicas").asInt())
                    .isLessThanOrEqualTo(brokers);
        });
    }

    @Test
    void shouldAdvertiseEveryBrokerOfTheNodePoolToTheOtherSites() throws IOException {
        JsonNode pool = single(ofKind(kafkaManifests(), "KafkaNodePool"));
        JsonNode patch = YAML.readTree(DEPLOY.resolve("overlays/stockholm/kafka-clusterset-listener.yaml").toFile());
        JsonNode listener = single(patch.findParents("op")).path("value");
        List<String> expected = new ArrayList<>();
        for (int node = 0; node < pool.at("/spec/replicas").asInt(); node++) {
            expected.add(node + "=datamover-" + pool.at("/metadata/name").asText() + "-" + node
                    + ".stockholm.datamover-kafka-brokers.datamover.svc.clusterset.local");
        }

        assertThat(pool.at("/metadata/annotations/strimzi.io~1next-node-ids").asText())
                .isEqualTo("[0-" + (expected.size() - 1) + "]");
        assertThat(listener.at("/configuration/brokers")).extracting(b -> b.path("broker").asInt() + "="
                + b.path("advertisedHost").asText()).containsExactlyElementsOf(expected);
    }

    @Test
    void shouldGiveEachSiteAValidIdAndThePeerAddressOfEveryOtherSite() throws IOException {
        List<String> sites = siteOverlays();

        assertThat(sites).containsExactly("falkenberg", "stockholm");
        for (String site : sites) {
            Map<String, String> config = generatedConfig(site);
            assertThat(config).containsEntry("DATAMOVER_SITE", site);
            assertThat(siteLabel(site)).isEqualTo(site);
            assertThat(Fields.isValidId(site)).isTrue();
            for (String peer : sites.stream().filter(s -> !s.equals(site)).toList()) {
                assertThat(config).containsEntry("DATAMOVER_TRANSFER_PEERS_" + peer.toUpperCase(),
                        "http://transfer-" + peer + ".datamover.svc.clusterset.local:8080");
                assertThat(read(DEPLOY.resolve("overlays/" + peer + "/transfer-export.yaml")))
                        .extracting(m -> m.path("kind").asText() + "/" + m.at("/metadata/name").asText())
                        .containsExactly("Service/transfer-" + peer, "ServiceExport/transfer-" + peer);
            }
        }
    }

    /**
     * An overlay that sets no site id builds on one site overlay (as {@code stockholm-csi} adds a component to
     * {@code stockholm}): it is that site, labels what it adds so, and changes neither the site id nor the peers.
     */
    @Test
    void shouldKeepTheSiteOfTheOverlayAVariantBuildsOn() throws IOException {
        List<String> sites = siteOverlays();
        List<String> variants = overlays().stream().filter(o -> !sites.contains(o)).toList();

        assertThat(variants).contains("stockholm-csi");
        for (String variant : variants) {
            JsonNode kustomization = single(read(DEPLOY.resolve("overlays/" + variant + "/kustomization.yaml")));
            List<String> bases = new ArrayList<>();
            kustomization.path("resources").forEach(resource -> {
                Path path = Path.of(resource.asText()).normalize();
                if (path.getNameCount() == 2 && path.getName(0).toString().equals("..")) {
                    bases.add(path.getName(1).toString());
                }
            });

            assertThat(bases).as("the overlays %s builds on", variant).singleElement().isIn(sites);
            assertThat(siteLabel(variant)).as("the site label of %s", variant).isEqualTo(bases.get(0));
            assertThat(generatedConfig(variant).keySet()).as("config of %s", variant).noneMatch(key ->
                    key.equals("DATAMOVER_SITE") || key.startsWith("DATAMOVER_TRANSFER_PEERS_"));
            assertThat(kustomization.path("components")).as("components of %s", variant).isNotEmpty();
        }
    }

    /** Secrets are made where the data mover is installed, never kept here (the mover's token is made per pod). */
    @Test
    void shouldHoldNoSecretData() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(DEPLOY)) {
            files = walk.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted()
                    .toList();
        }

        assertThat(files).isNotEmpty();
        for (Path file : files) {
            assertThat(Files.readString(file)).as("%s", file).doesNotContain("PRIVATE KEY-----");
            for (JsonNode document : read(file)) {
                assertThat(document.has("secretGenerator")).as("a secretGenerator in %s", file).isFalse();
                if ("Secret".equals(document.path("kind").asText())) {
                    assertThat(document.path("data").isEmpty() && document.path("stringData").isEmpty())
                            .as("Secret %s in %s holds data", document.at("/metadata/name").asText(), file).isTrue();
                }
            }
        }
    }

    @Test
    void shouldDeployEveryServiceOfTheReactorWithHealthProbesAndItsConfig() throws IOException {
        List<Path> services;
        try (Stream<Path> modules = Files.list(DEPLOY.getParent())) {
            services = modules.filter(m -> Files.isRegularFile(m.resolve(APPLICATION_PROPERTIES)))
                    .filter(m -> !NOT_DEPLOYED.contains(m.getFileName().toString())).sorted().toList();
        }

        assertThat(services).extracting(m -> m.getFileName().toString()).contains("block-store", "snapshot-service",
                "cbt-service", "transfer-service", "placement-service");
        for (Path module : services) {
            String name = module.getFileName().toString();
            String properties = Files.readString(module.resolve(APPLICATION_PROPERTIES));
            JsonNode container = single(ofKind(read(DEPLOY.resolve("base/" + name + ".yaml")), "Deployment"))
                    .at("/spec/template/spec/containers/0");
            List<String> configMaps = new ArrayList<>();
            container.path("envFrom").forEach(from -> configMaps.add(from.at("/configMapRef/name").asText()));

            assertThat(Files.readString(module.resolve("pom.xml"))).as("%s serves /q/health", name)
                    .contains("<artifactId>quarkus-smallrye-health</artifactId>");
            assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
            assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
            assertThat(configMaps).as("%s's config maps", name).contains("datamover-site");
            assertThat(configMaps.contains("datamover-kafka")).as("%s reaches Kafka", name)
                    .isEqualTo(properties.contains("kafka.bootstrap.servers"));
        }
    }

    private static Topics.Definition definition(JsonNode topic) {
        String name = topic.at("/spec/topicName").asText(topic.at("/metadata/name").asText());
        Map<String, String> configs = new TreeMap<>();
        topic.at("/spec/config").properties().forEach(c -> configs.put(c.getKey(), c.getValue().asText()));
        return new Topics.Definition(name, topic.at("/spec/partitions").asInt(), Map.copyOf(configs));
    }

    private static List<String> overlays() throws IOException {
        try (Stream<Path> overlays = Files.list(DEPLOY.resolve("overlays"))) {
            return overlays.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The overlays that set a site id: one per site. */
    private static List<String> siteOverlays() throws IOException {
        List<String> sites = new ArrayList<>();
        for (String overlay : overlays()) {
            if (generatedConfig(overlay).containsKey("DATAMOVER_SITE")) {
                sites.add(overlay);
            }
        }
        return sites;
    }

    /** The {@code datamover.io/site} label an overlay puts on its objects. */
    private static String siteLabel(String overlay) throws IOException {
        JsonNode kustomization = single(read(DEPLOY.resolve("overlays/" + overlay + "/kustomization.yaml")));
        List<String> labels = new ArrayList<>();
        kustomization.path("labels").forEach(label -> {
            if (label.at("/pairs").has("datamover.io/site")) {
                labels.add(label.at("/pairs").path("datamover.io/site").asText());
            }
        });
        assertThat(labels).as("site labels of %s", overlay).hasSize(1);
        return labels.get(0);
    }

    /** The literals of every configMapGenerator of an overlay, merged. */
    private static Map<String, String> generatedConfig(String site) throws IOException {
        JsonNode kustomization = single(read(DEPLOY.resolve("overlays/" + site + "/kustomization.yaml")));
        Map<String, String> config = new TreeMap<>();
        kustomization.path("configMapGenerator").forEach(generator -> generator.path("literals").forEach(literal -> {
            String[] pair = literal.asText().split("=", 2);
            config.put(pair[0], pair[1]);
        }));
        return config;
    }

    private static List<JsonNode> kafkaManifests() throws IOException {
        List<JsonNode> manifests = new ArrayList<>();
        try (Stream<Path> files = Files.list(DEPLOY.resolve("kafka"))) {
            for (Path file : files.filter(f -> !f.endsWith("kustomization.yaml")).sorted().toList()) {
                manifests.addAll(read(file));
            }
        }
        return manifests;
    }

    private static List<JsonNode> read(Path file) throws IOException {
        return YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile()).readAll().stream()
                .filter(doc -> !doc.isNull() && !doc.isMissingNode())
                .toList();
    }

    private static List<JsonNode> ofKind(List<JsonNode> manifests, String kind) {
        return manifests.stream().filter(m -> kind.equals(m.path("kind").asText())).toList();
    }

    private static JsonNode single(List<JsonNode> nodes) {
        assertThat(nodes).hasSize(1);
        return nodes.get(0);
    }

    private static List<String> roles(JsonNode pool) {
        List<String> roles = new ArrayList<>();
        pool.at("/spec/roles").forEach(role -> roles.add(role.asText()));
        return roles;
    }

    private static String clusterLabel(JsonNode resource) {
        return resource.at("/metadata/labels/strimzi.io~1cluster").asText();
    }
}
