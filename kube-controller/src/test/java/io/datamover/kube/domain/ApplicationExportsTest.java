package io.datamover.kube.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.events.ApplicationExported;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

class ApplicationExportsTest {

    static final Target FALKENBERG = new Target("falkenberg", "falkenberg", new ObjectMapping(
            Map.of("fast-ssd", "premium"), Map.of("shop", "shop-dr")));

    static final Map<String, Object> CLAIM = Map.of("apiVersion", "v1", "kind", "PersistentVolumeClaim",
            "metadata", Map.of("name", "pg-data", "namespace", "shop"),
            "spec", Map.of("storageClassName", "fast-ssd", "accessModes", List.of("ReadWriteOnce")));
    static final Map<String, Object> STATEFUL_SET = Map.of("apiVersion", "apps/v1", "kind", "StatefulSet",
            "metadata", Map.of("name", "pg", "namespace", "shop"),
            "spec", Map.of("replicas", 1, "volumeClaimTemplates", List.of(
                    Map.of("metadata", Map.of("name", "wal"), "spec", Map.of("storageClassName", "fast-ssd")),
                    Map.of("metadata", Map.of("name", "tmp"), "spec", Map.of("storageClassName", "local")))));

    @Test
    void shouldMoveTheObjectsIntoTheTargetNamespaceWithTheirStorageClassesMapped() {
        ApplicationExported export = ApplicationExports.of("webshop-1", "stockholm", "shop",
                List.of(CLAIM, STATEFUL_SET), Map.of("pg-data", "pvc-1"), FALKENBERG);

        assertThat(export.key()).isEqualTo("webshop-1.falkenberg");
        assertThat(export.sourceNamespace()).isEqualTo("shop");
        assertThat(export.targetNamespace()).isEqualTo("shop-dr");
        assertThat(export.volumes()).containsExactly(Map.entry("pg-data", "pvc-1"));
        assertThat(export.objects()).allSatisfy(object ->
                assertThat(((Map<?, ?>) object.get("metadata")).get("namespace")).isEqualTo("shop-dr"));
        assertThat(((Map<?, ?>) export.objects().get(0).get("spec")).get("storageClassName")).isEqualTo("premium");
        assertThat(export.objects().get(1)).extracting("spec").extracting("volumeClaimTemplates")
                .asInstanceOf(InstanceOfAssertFactories.LIST)
                .extracting("spec").containsExactly(Map.of("storageClassName", "premium"),
                        Map.of("storageClassName", "local"));
        assertThat(((Map<?, ?>) CLAIM.get("spec")).get("storageClassName")).as("the source's object")
                .isEqualTo("fast-ssd");
    }

    @Test
    void shouldHashTheContentOnlySoThatAnUnchangedApplicationIsNotPublishedAgain() {
        ApplicationExported first = ApplicationExports.of("webshop-1", "stockholm", "shop", List.of(CLAIM),
                Map.of("pg-data", "pvc-1"), FALKENBERG);
        ApplicationExported again = ApplicationExports.of("webshop-1", "stockholm", "shop", List.of(CLAIM),
                Map.of("pg-data", "pvc-1"), FALKENBERG);
        ApplicationExported changed = ApplicationExports.of("webshop-1", "stockholm", "shop",
                List.of(CLAIM, STATEFUL_SET), Map.of("pg-data", "pvc-1"), FALKENBERG);

        assertThat(again.eventId()).isNotEqualTo(first.eventId());
        assertThat(ApplicationExports.contentHash(again)).isEqualTo(ApplicationExports.contentHash(first));
        assertThat(ApplicationExports.contentHash(changed)).isNotEqualTo(ApplicationExports.contentHash(first));
    }

    @Test
    void shouldRefuseAnExportTooLargeForOneEvent() {
        Map<String, Object> large = Map.of("apiVersion", "v1", "kind", "ConfigMap",
                "metadata", Map.of("name", "blob", "namespace", "shop"),
                "data", Map.of("blob", "x".repeat(ApplicationExports.MAX_BYTES)));
        ApplicationExported export = ApplicationExports.of("webshop-1", "stockholm", "shop", List.of(large),
                Map.of(), FALKENBERG);

        assertThat(ApplicationExports.sizeProblem(export)).hasValueSatisfying(problem -> {
            assertThat(problem.reason()).isEqualTo("ExportTooLarge");
            assertThat(problem.message()).contains("falkenberg", Integer.toString(ApplicationExports.MAX_BYTES));
        });
        assertThat(ApplicationExports.sizeProblem(ApplicationExports.of("webshop-1", "stockholm", "shop",
                List.of(CLAIM), Map.of(), FALKENBERG))).isEmpty();
    }

    @Test
    void shouldExportAWorkloadTheMoverScaledDownWithTheCountItKept() {
        Map<String, Object> steppedDown = Map.of("apiVersion", "apps/v1", "kind", "Deployment",
                "metadata", Map.of("name", "web", "namespace", "shop",
                        "annotations", Map.of(MovePlan.REPLICAS_ANNOTATION, "2")),
                "spec", Map.of("replicas", 0));

        Map<String, Object> exported = ApplicationExports.of("webshop-1", "stockholm", "shop", List.of(steppedDown),
                Map.of(), FALKENBERG).objects().get(0);

        assertThat(exported.get("spec")).isEqualTo(Map.of("replicas", 2));
        assertThat(exported.get("metadata")).isEqualTo(Map.of("name", "web", "namespace", "shop-dr"));
    }
}
