package io.datamover.kube.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.events.ApplicationExported;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

class MovePlanTest {

    private static final String DECISION = "switchover-webshop-1-1767225630000";
    private static final Map<String, Object> DEPLOYMENT = Map.of("apiVersion", "apps/v1", "kind", "Deployment",
            "metadata", Map.of("name", "web", "namespace", "shop-dr", "labels", Map.of("app", "webshop")),
            "spec", Map.of("replicas", 2));
    private static final Map<String, Object> CONFIG_MAP = Map.of("apiVersion", "v1", "kind", "ConfigMap",
            "metadata", Map.of("name", "settings", "namespace", "shop-dr"), "data", Map.of("a", "b"));
    private static final Map<String, Object> CLAIM = Map.of("apiVersion", "v1", "kind", "PersistentVolumeClaim",
            "metadata", Map.of("name", "pg-data", "namespace", "shop-dr"),
            "spec", Map.of("storageClassName", "premium"));
    private static final ApplicationExported EXPORT = ApplicationExported.of("webshop-1", "stockholm", "falkenberg",
            "shop", "shop-dr", List.of(CONFIG_MAP, CLAIM, DEPLOYMENT), Map.of("pg-data", "pvc-1"));

    @Test
    void shouldStageEverythingButTheClaimsWithTheWorkloadsAtZeroAndTheirCountKept() {
        List<Map<String, Object>> staged = MovePlan.staged(EXPORT, DECISION);

        assertThat(staged).extracting(o -> o.get("kind")).containsExactly("ConfigMap", "Deployment");
        assertThat(staged).allSatisfy(o -> assertThat(((Map<?, ?>) o.get("metadata")).get("labels"))
                .asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry(MovePlan.DECISION_LABEL, DECISION).containsEntry(MovePlan.GROUP_LABEL, "webshop-1"));
        Map<String, Object> deployment = staged.get(1);
        assertThat(((Map<?, ?>) deployment.get("spec")).get("replicas")).isEqualTo(0);
        assertThat(((Map<?, ?>) deployment.get("metadata")).get("annotations"))
                .isEqualTo(Map.of(MovePlan.REPLICAS_ANNOTATION, "2"));
        assertThat(((Map<?, ?>) deployment.get("metadata")).get("labels")).asInstanceOf(
                InstanceOfAssertFactories.MAP).containsEntry("app", "webshop");
    }

    @Test
    void shouldRestoreEachClaimFromItsVolumesSnapshotNamedAsTheCsiBackendNamesIt() {
        Checked<List<Map<String, Object>>> claims = MovePlan.claims(EXPORT, DECISION, Map.of("pvc-1", 42L), Map.of());

        assertThat(claims.value()).singleElement().extracting("spec").isEqualTo(Map.of(
                "storageClassName", "premium",
                "dataSource", Map.of("apiGroup", "snapshot.storage.k8s.io", "kind", "VolumeSnapshot",
                        "name", "pvc-1.42")));
        assertThat(claims.value()).singleElement().extracting("metadata").extracting("labels")
                .isEqualTo(Map.of(MovePlan.VOLUME_LABEL, "pvc-1", MovePlan.DECISION_LABEL, Ids.decisionLabel(DECISION),
                        MovePlan.GROUP_LABEL, "webshop-1"));
    }

    @Test
    void shouldRequestAtLeastTheRestoreSizeOfTheSnapshotAndKeepALargerRequest() {
        Map<String, Object> small = Map.of("apiVersion", "v1", "kind", "PersistentVolumeClaim",
                "metadata", Map.of("name", "small"), "spec", Map.of("resources", Map.of("requests",
                        Map.of("storage", "1Gi"))));
        Map<String, Object> large = Map.of("apiVersion", "v1", "kind", "PersistentVolumeClaim",
                "metadata", Map.of("name", "large"), "spec", Map.of("resources", Map.of("requests",
                        Map.of("storage", "20Gi"))));
        ApplicationExported export = ApplicationExported.of("webshop-1", "stockholm", "falkenberg", "shop",
                "shop-dr", List.of(small, large, CLAIM), Map.of("small", "pvc-2", "large", "pvc-3", "pg-data",
                        "pvc-1"));
        Quantity tenGiB = new Quantity("10737418240");

        List<Map<String, Object>> claims = MovePlan.claims(export, DECISION, Map.of("pvc-1", 7L, "pvc-2", 7L,
                "pvc-3", 7L), Map.of("pvc-1.7", tenGiB, "pvc-2.7", tenGiB, "pvc-3.7", tenGiB)).value();

        assertThat(claims).extracting(claim -> (Object) ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) claim.get("spec"))
                .get("resources")).get("requests")).get("storage"))
                .containsExactly("10737418240", "20Gi", "10737418240");
    }

    @Test
    void shouldNameAClaimWhoseVolumeHasNoSnapshotInTheDecision() {
        Checked<List<Map<String, Object>>> claims = MovePlan.claims(EXPORT, DECISION, Map.of("pvc-9", 42L), Map.of());

        assertThat(claims.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.reason()).isEqualTo("NoSnapshot");
            assertThat(problem.message()).isEqualTo("PersistentVolumeClaim shop-dr/pg-data has volume pvc-1, of which"
                    + " the decision names no snapshot");
        });
    }

    @Test
    void shouldScaleAStagedWorkloadToItsKeptCount() {
        assertThat(MovePlan.targetReplicas(Map.of(MovePlan.REPLICAS_ANNOTATION, "3"), 0)).isEqualTo(3);
        assertThat(MovePlan.targetReplicas(Map.of(MovePlan.REPLICAS_ANNOTATION, "-1"), 2)).isEqualTo(2);
        assertThat(MovePlan.targetReplicas(null, null)).isEqualTo(1);
    }
}
