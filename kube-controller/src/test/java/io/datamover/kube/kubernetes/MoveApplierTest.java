package io.datamover.kube.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datamover.events.ApplicationExported;
import io.datamover.kube.domain.MovePlan;
import io.datamover.kube.domain.ObjectRef;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The target's side of a move against the Fabric8 mock API server in CRUD mode. */
class MoveApplierTest {

    private static final String DECISION = "switchover-webshop-1-1767225630000";
    private static final ApplicationExported EXPORT = ApplicationExported.of("webshop-1", "stockholm", "falkenberg",
            "shop", "shop", List.of(
                    Map.of("apiVersion", "v1", "kind", "ServiceAccount", "metadata", Map.of("name", "web")),
                    Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", Map.of("name", "settings"),
                            "data", Map.of("mode", "live")),
                    Map.of("apiVersion", "apps/v1", "kind", "Deployment", "metadata", Map.of("name", "web"),
                            "spec", Map.of("replicas", 3))),
            Map.of());

    private KubernetesMockServer server;
    private KubernetesClient client;
    private MoveApplier applier;

    @BeforeEach
    void start() {
        server = MockClients.crudServer();
        client = MockClients.withoutRetries(server);
        applier = new MoveApplier(client, Optional.empty());
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    @Test
    void shouldRefuseToTakeOverAnObjectItDidNotMakeNamingItAndStillRemoveWhatItMadeOnAbort() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build())
                .create();
        client.configMaps().inNamespace("shop").resource(new ConfigMapBuilder().withNewMetadata().withName("settings")
                .endMetadata().addToData("mode", "theirs").build()).create();

        assertThatThrownBy(() -> applier.stage(EXPORT, DECISION)).isInstanceOf(MoveException.class)
                .hasMessage("ConfigMap shop/settings exists already and was not made for this decision: left as it is")
                .satisfies(e -> assertThat(((MoveException) e).mayPass()).as("tried again").isFalse())
                .satisfies(e -> assertThat(((MoveException) e).object())
                        .isEqualTo(new ObjectRef("v1", "ConfigMap", "shop", "settings")));
        assertThat(client.serviceAccounts().inNamespace("shop").withName("web").get()).as("made before").isNotNull();

        applier.abort(EXPORT, DECISION);

        assertThat(client.serviceAccounts().inNamespace("shop").withName("web").get()).isNull();
        assertThat(client.configMaps().inNamespace("shop").withName("settings").get().getData())
                .containsEntry("mode", "theirs");
        assertThat(client.namespaces().withName("shop").get()).as("not the mover's").isNotNull();
    }

    @Test
    void shouldReportAFailingApiServerAsAFailureThatMayPassAndGoOnWhenItAnswersAgain() {
        server.expect().post().withPath("/api/v1/namespaces/shop/configmaps")
                .andReturn(500, new StatusBuilder().withCode(500).withMessage("etcdserver: request timed out").build())
                .once();

        assertThatThrownBy(() -> applier.stage(EXPORT, DECISION)).isInstanceOf(MoveException.class)
                .hasMessageContaining("cannot create ConfigMap shop/settings")
                .hasMessageContaining("etcdserver: request timed out (HTTP 500)")
                .satisfies(e -> assertThat(((MoveException) e).mayPass()).as("tried again").isTrue())
                .satisfies(e -> assertThat(((MoveException) e).object())
                        .isEqualTo(new ObjectRef("v1", "ConfigMap", "shop", "settings")));

        applier.stage(EXPORT, DECISION);

        assertThat(client.configMaps().inNamespace("shop").withName("settings").get().getData())
                .containsEntry("mode", "live");
    }

    @Test
    void shouldGoOnWhereARepeatedStepStoppedWithoutScalingAnAppliedWorkloadDownAgain() {
        applier.stage(EXPORT, DECISION);
        applier.complete(EXPORT, DECISION, Map.of());
        applier.stage(EXPORT, DECISION);
        applier.complete(EXPORT, DECISION, Map.of());

        var web = client.apps().deployments().inNamespace("shop").withName("web").get();
        assertThat(web.getSpec().getReplicas()).isEqualTo(3);
        assertThat(web.getMetadata().getLabels()).containsEntry(MovePlan.DECISION_LABEL, DECISION);
        assertThat(client.namespaces().withName("shop").get().getMetadata().getLabels())
                .containsEntry(MovePlan.DECISION_LABEL, DECISION);
    }
}
