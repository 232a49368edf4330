package io.datamover.kube.deploy;

import static io.datamover.kube.deploy.DeployRenderTest.CSI_API_CLIENTS;
import static io.datamover.kube.deploy.Kustomizations.CSI;
import static io.datamover.kube.deploy.Kustomizations.DEPLOY;
import static io.datamover.kube.deploy.Kustomizations.MOVER_INGRESS;
import static io.datamover.kube.deploy.Kustomizations.contents;
import static io.datamover.kube.deploy.Kustomizations.csiOverlays;
import static io.datamover.kube.deploy.Kustomizations.deployment;
import static io.datamover.kube.deploy.Kustomizations.environment;
import static io.datamover.kube.deploy.Kustomizations.ofType;
import static io.datamover.kube.deploy.Kustomizations.overlays;
import static io.datamover.kube.deploy.Kustomizations.read;
import static io.datamover.kube.deploy.Kustomizations.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.datamover.runtime.RepoRoot;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What {@code components/csi} makes of a site, in every overlay that includes it, and the mover pods' NetworkPolicy
 * ({@code mover-ingress}): the three csi services get their csi keys and only keys their configuration tables name
 * (a service refuses {@code datamover.*} keys it does not know), each runs as an account of its own bound to exactly
 * the rules of the csi table in {@code deploy/README.md}, as are kube-controller's rules from the component, which
 * also tells it where transfer-service keeps the replicas; and the policy selects the mover pods by transfer-service's
 * {@code MoverNames} and admits only the rendered transfer-service, on its mover port.
 */
class CsiComponentTest {

    private static final Path ROOT = RepoRoot.find();
    /** Where each csi service documents its keys, in a table under "## Configuration". */
    private static final Map<String, Path> CONFIG_DOCS = Map.of(
            "snapshot-service", ROOT.resolve("snapshot-service/README.md"),
            "cbt-service", ROOT.resolve("cbt-service/README.md"),
            "transfer-service", ROOT.resolve("transfer-service/DESIGN.md"));
    /** The names and labels of the mover pods; read as source, since this module cannot load transfer-service. */
    private static final Path MOVER_NAMES = ROOT.resolve(
            "transfer-service/src/main/java/io/datamover/transfer/domain/MoverNames.java");
    private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");
    /** Gets rules of the component too, besides those of the base, which the table of the csi backend lists. */
    private static final String CONTROLLER = "kube-controller";

    @Test
    void shouldSwitchSomeOverlayToTheCsiBackend() throws IOException {
        assertThat(csiOverlays()).as("overlays that include %s", CSI).isNotEmpty();
    }

    @Test
    void shouldRunTheCsiServicesInCsiModeEachAsAnAccountOfItsOwn() throws Exception {
        for (Path overlay : csiOverlays()) {
            List<HasMetadata> objects = render(overlay);
            Deployment transfer = deployment(objects, "transfer-service");
            String version = image(transfer).substring(image(transfer).lastIndexOf(':') + 1);

            assertThat(environment(deployment(objects, "snapshot-service"), objects)).as("snapshot-service of %s",
                    overlay).containsEntry("DATAMOVER_STORAGE", "csi").doesNotContainKey("DATAMOVER_STORE_URL");
            assertThat(environment(deployment(objects, "cbt-service"), objects)).as("cbt-service of %s", overlay)
                    .containsEntry("DATAMOVER_CBT_DISCOVERY", "kubernetes")
                    .containsEntry("DATAMOVER_CBT_SERVICE_ACCOUNT", "fieldRef:spec.serviceAccountName")
                    .doesNotContainKey("DATAMOVER_STORE_URL");
            assertThat(environment(transfer, objects)).as("transfer-service of %s", overlay)
                    .containsEntry("DATAMOVER_STORAGE", "csi")
                    .containsEntry("DATAMOVER_TRANSFER_MOVER_IMAGE", "datamover/block-mover:" + version)
                    .containsEntry("DATAMOVER_STORE_URL", "http://block-store:8080");
            assertThat(ofType(objects, Deployment.class)).extracting(d -> d.getMetadata().getName())
                    .as("the block store stays, for the deltas other sites ship here").contains("block-store");
            for (Deployment other : ofType(objects, Deployment.class)) {
                String name = other.getMetadata().getName();
                String account = other.getSpec().getTemplate().getSpec().getServiceAccountName();
                if (CSI_API_CLIENTS.contains(name)) {
                    assertThat(account).as("the account of %s in %s", name, overlay).isEqualTo(name);
                } else if (!name.equals("kube-controller")) {
                    assertThat(account).as("the account of %s in %s", name, overlay).isEqualTo("datamover");
                }
            }
        }
    }

    @Test
    void shouldLeaveTheOtherOverlaysOnTheEmbeddedStore() throws Exception {
        List<Path> csi = csiOverlays();
        for (Path overlay : overlays()) {
            if (csi.contains(overlay)) {
                continue;
            }
            List<HasMetadata> objects = render(overlay);
            for (String service : CSI_API_CLIENTS) {
                Deployment deployment = deployment(objects, service);

                assertThat(environment(deployment, objects)).as("%s of %s", service, overlay)
                        .doesNotContainKeys("DATAMOVER_STORAGE", "DATAMOVER_CBT_DISCOVERY")
                        .containsEntry("DATAMOVER_STORE_URL", "http://block-store:8080");
                assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName())
                        .isEqualTo("datamover");
            }
        }
    }

    @Test
    void shouldPassTheCsiServicesOnlyKeysTheirConfigurationTablesName() throws Exception {
        for (Path overlay : overlays()) {
            List<HasMetadata> objects = render(overlay);
            for (Map.Entry<String, Path> service : CONFIG_DOCS.entrySet()) {
                Set<String> documented = documentedVariables(service.getValue());
                List<String> unknown = environment(deployment(objects, service.getKey()), objects).keySet().stream()
                        .filter(variable -> variable.startsWith("DATAMOVER_"))
                        .filter(variable -> documented.stream().noneMatch(d -> names(d, variable)))
                        .toList();

                assertThat(documented).as("keys in %s", service.getValue()).contains("DATAMOVER_SITE");
                assertThat(unknown).as("variables of %s in %s that %s does not name", service.getKey(), overlay,
                        service.getValue()).isEmpty();
            }
        }
    }

    @Test
    void shouldBindEachCsiServiceToExactlyTheRulesOfTheReadmeTable() throws Exception {
        Set<String> table = readmeRules();
        assertThat(table).extracting(rule -> rule.split(" ")[0]).containsAll(CSI_API_CLIENTS).contains(CONTROLLER);
        Set<String> componentRoles = componentRoles();
        for (Path overlay : csiOverlays()) {
            List<HasMetadata> objects = render(overlay);
            Set<String> granted = new TreeSet<>();
            for (String service : CSI_API_CLIENTS) {
                granted.addAll(grantedRules(service, account(objects, service), objects));
            }
            grantedRules(CONTROLLER, account(objects, CONTROLLER), objects).stream()
                    .filter(rule -> componentRoles.contains(rule.split(" ")[1])).forEach(granted::add);

            assertThat(granted).as("rules bound to the csi services' accounts, and by %s to kube-controller's, in %s",
                    CSI, overlay).containsExactlyInAnyOrderElementsOf(table);
        }
    }

    @Test
    void shouldGiveKubeControllerTheNamespaceWhereTransferServiceKeepsTheReplicas() throws Exception {
        for (Path overlay : csiOverlays()) {
            List<HasMetadata> objects = render(overlay);
            Deployment transfer = deployment(objects, "transfer-service");
            String replicas = environment(transfer, objects).getOrDefault("DATAMOVER_TRANSFER_REPLICA_NAMESPACE",
                    transfer.getMetadata().getNamespace());

            assertThat(environment(deployment(objects, CONTROLLER), objects)).as("kube-controller of %s", overlay)
                    .containsEntry("DATAMOVER_REPLICA_NAMESPACE", replicas);
        }
    }

    @Test
    void shouldAdmitOnlyTheTransferServiceToTheMoverPodsOnTheMoverPort() throws Exception {
        List<HasMetadata> rendered = render(MOVER_INGRESS);
        assertThat(rendered).singleElement().isInstanceOf(NetworkPolicy.class);
        NetworkPolicy policy = (NetworkPolicy) rendered.get(0);

        assertThat(policy.getMetadata().getNamespace()).as("applied in each application namespace").isNull();
        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isEqualTo(moverSelector());
        assertThat(policy.getSpec().getPodSelector().getMatchExpressions()).isNullOrEmpty();
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        for (Path overlay : csiOverlays()) {
            List<HasMetadata> objects = render(overlay);
            Deployment transfer = deployment(objects, "transfer-service");
            Map<String, String> transferLabels = transfer.getSpec().getTemplate().getMetadata().getLabels();
            int moverPort = Integer.parseInt(environment(transfer, objects).get("DATAMOVER_TRANSFER_MOVER_PORT"));

            assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
                assertThat(rule.getFrom()).singleElement().satisfies(peer -> {
                    Map<String, String> selector = peer.getPodSelector().getMatchLabels();
                    assertThat(peer.getIpBlock()).isNull();
                    assertThat(peer.getNamespaceSelector().getMatchLabels()).containsExactly(
                            entry("kubernetes.io/metadata.name", transfer.getMetadata().getNamespace()));
                    assertThat(selector).isNotEmpty();
                    assertThat(transferLabels).as("transfer-service's pods in %s", overlay)
                            .containsAllEntriesOf(selector);
                    assertThat(ofType(objects, Deployment.class)).as("other pods of %s it admits", overlay)
                            .filteredOn(d -> d != transfer && d.getSpec().getTemplate().getMetadata().getLabels()
                                    .entrySet().containsAll(selector.entrySet()))
                            .isEmpty();
                });
                assertThat(rule.getPorts()).singleElement().satisfies(port -> {
                    assertThat(port.getProtocol()).isEqualTo("TCP");
                    assertThat(port.getPort().getIntVal()).as("the mover port of %s", overlay).isEqualTo(moverPort);
                    assertThat(port.getEndPort()).isNull();
                });
            });
        }
    }

    @Test
    void shouldRenderTheMoverIngressIntoObjectsThatFabric8Reads() throws Exception {
        assertThat(render(MOVER_INGRESS)).isNotEmpty().allSatisfy(object -> {
            assertThat(object.getMetadata().getName()).isNotBlank();
            assertThat(object).isNotInstanceOf(GenericKubernetesResource.class);
        });
    }

    /**
     * The labels every mover pod carries whatever its volume and snapshot: the pairs of
     * {@code MoverNames.selector(site)} that do not depend on the site. The policy leaves the site out: it is applied
     * in application namespaces, which know no site, and one cluster is one site.
     */
    private static Map<String, String> moverSelector() throws IOException {
        String source = Files.readString(MOVER_NAMES);
        Map<String, String> constants = new HashMap<>();
        Matcher constant = Pattern.compile("public static final String (\\w+) = \"([^\"]*)\";").matcher(source);
        while (constant.find()) {
            constants.put(constant.group(1), constant.group(2));
        }
        Matcher selector = Pattern.compile("Map<String, String> selector\\(String site\\) \\{\\s*return Map\\.of\\("
                + "([^)]*)\\);").matcher(source);
        assertThat(selector.find()).as("MoverNames.selector(String site) returning Map.of(...) in %s", MOVER_NAMES)
                .isTrue();
        List<String> arguments = Arrays.stream(selector.group(1).split(",")).map(String::trim).toList();
        Map<String, String> labels = new TreeMap<>();
        for (int i = 0; i + 1 < arguments.size(); i += 2) {
            if (!arguments.get(i + 1).equals("site")) {
                assertThat(constants).as("constants of %s", MOVER_NAMES).containsKeys(arguments.get(i),
                        arguments.get(i + 1));
                labels.put(constants.get(arguments.get(i)), constants.get(arguments.get(i + 1)));
            }
        }
        assertThat(labels).as("site-independent labels of MoverNames.selector").isNotEmpty();
        return labels;
    }

    private static String account(List<HasMetadata> objects, String service) {
        return deployment(objects, service).getSpec().getTemplate().getSpec().getServiceAccountName();
    }

    /** The roles {@link Kustomizations#CSI} itself makes, {@code <kind>/<name>}. */
    private static Set<String> componentRoles() throws IOException {
        Set<String> roles = new TreeSet<>();
        for (Path file : contents(CSI).resources()) {
            for (HasMetadata object : read(Files.readString(file))) {
                if (object instanceof ClusterRole || object instanceof Role) {
                    roles.add(object.getKind() + "/" + object.getMetadata().getName());
                }
            }
        }
        assertThat(roles).as("roles of %s", CSI).isNotEmpty();
        return roles;
    }

    /** The rules bound to the account, one string a role, resource and verb, as {@link #readmeRules()} has them. */
    private static Set<String> grantedRules(String service, String account, List<HasMetadata> objects) {
        List<RoleRef> roles = new ArrayList<>();
        for (RoleBinding binding : ofType(objects, RoleBinding.class)) {
            if (binds(binding.getSubjects(), account)) {
                assertThat(binding.getRoleRef().getKind()).as("a RoleBinding of %s", account).isEqualTo("Role");
                roles.add(binding.getRoleRef());
            }
        }
        for (ClusterRoleBinding binding : ofType(objects, ClusterRoleBinding.class)) {
            if (binds(binding.getSubjects(), account)) {
                roles.add(binding.getRoleRef());
            }
        }
        Set<String> granted = new TreeSet<>();
        for (RoleRef role : roles) {
            for (PolicyRule rule : rules(role, objects)) {
                boolean ownToken = rule.getResources().equals(List.of("serviceaccounts/token"));
                assertThat(rule.getResourceNames() == null ? List.of() : rule.getResourceNames())
                        .as("resourceNames of a rule of %s/%s", role.getKind(), role.getName())
                        .isEqualTo(ownToken ? List.of(account) : List.of());
                for (String group : rule.getApiGroups()) {
                    for (String resource : rule.getResources()) {
                        for (String verb : rule.getVerbs()) {
                            granted.add(rule(service, role.getKind() + "/" + role.getName(),
                                    group.isEmpty() ? "core" : group, resource, verb));
                        }
                    }
                }
            }
        }
        return granted;
    }

    private static List<PolicyRule> rules(RoleRef role, List<HasMetadata> objects) {
        List<PolicyRule> rules = role.getKind().equals("ClusterRole")
                ? ofType(objects, ClusterRole.class).stream().filter(r -> r.getMetadata().getName()
                        .equals(role.getName())).flatMap(r -> r.getRules().stream()).toList()
                : ofType(objects, Role.class).stream().filter(r -> r.getMetadata().getName()
                        .equals(role.getName())).flatMap(r -> r.getRules().stream()).toList();
        assertThat(rules).as("rules of %s/%s", role.getKind(), role.getName()).isNotEmpty();
        return rules;
    }

    private static boolean binds(List<Subject> subjects, String account) {
        return subjects.stream().anyMatch(s -> s.getKind().equals("ServiceAccount") && s.getName().equals(account)
                && "datamover".equals(s.getNamespace()));
    }

    /** The rows of the csi table of deploy/README.md: service, role (kind and name), API group, resources, verbs. */
    private static Set<String> readmeRules() throws IOException {
        Set<String> rules = new TreeSet<>();
        for (List<String> cells : tableRows(DEPLOY.resolve("README.md"), "### csi backend")) {
            if (cells.size() < 6 || !CSI_API_CLIENTS.contains(cells.get(0)) && !cells.get(0).equals(CONTROLLER)) {
                continue;
            }
            String role = cells.get(1).split(" ")[0] + "/" + backticked(cells.get(1)).get(0);
            String group = cells.get(2).equals("core") ? "core" : backticked(cells.get(2)).get(0);
            for (String resource : backticked(cells.get(3))) {
                for (String verb : cells.get(4).split(",\\s*")) {
                    rules.add(rule(cells.get(0), role, group, resource, verb));
                }
            }
        }
        return rules;
    }

    private static String rule(String service, String role, String group, String resource, String verb) {
        return String.join(" ", service, role, group + "/" + resource, verb);
    }

    /**
     * The keys of a service's configuration table as environment variables; a key with a placeholder
     * ({@code datamover.transfer.peers.<site>}) as its stem and {@code *}. A cell that names several keys names the
     * later ones relative to the first ({@code `datamover.transfer.initial-backoff` / `max-backoff`}).
     */
    private static Set<String> documentedVariables(Path doc) throws IOException {
        Set<String> variables = new TreeSet<>();
        for (List<String> cells : tableRows(doc, "## Configuration")) {
            List<String> keys = backticked(cells.get(0));
            String prefix = keys.isEmpty() ? "" : keys.get(0).substring(0, keys.get(0).lastIndexOf('.') + 1);
            for (String key : keys) {
                String full = key.contains(".") ? key : prefix + key;
                int placeholder = full.indexOf('<');
                String stem = placeholder < 0 ? full : full.substring(0, placeholder);
                variables.add(stem.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_")
                        + (placeholder < 0 ? "" : "*"));
            }
        }
        return variables;
    }

    private static boolean names(String documented, String variable) {
        if (documented.endsWith("*")) {
            String stem = documented.substring(0, documented.length() - 1);
            return variable.startsWith(stem) && variable.length() > stem.length();
        }
        return documented.equals(variable);
    }

    /** The cells of each table row under {@code heading}, up to the next heading. */
    private static List<List<String>> tableRows(Path doc, String heading) throws IOException {
        List<String> lines = Files.readAllLines(doc);
        int start = lines.indexOf(heading);
        assertThat(start).as("heading '%s' in %s", heading, doc).isNotNegative();
        List<List<String>> rows = new ArrayList<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("#")) {
                break;
            }
            if (line.startsWith("|")) {
                rows.add(Arrays.stream(line.split("\\|")).skip(1).map(String::trim).toList());
            }
        }
        return rows;
    }

    private static List<String> backticked(String cell) {
        List<String> names = new ArrayList<>();
        Matcher matcher = BACKTICKED.matcher(cell);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static String image(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }
}
