package io.datamover.kube.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodChoiceTest {

    @Test
    void shouldPickARunningReadyPodWithTheContainerBeforeOthersThenByName() {
        List<Pod> pods = List.of(pod("db-0", "Running", false, "db"), pod("db-2", "Running", true, "db"),
                pod("db-1", "Running", true, "db"), pod("db-3", "Pending", true, "db"));

        assertThat(PodChoice.choose(pods, "db")).contains(new PodChoice.Chosen("db-1", "db"));
    }

    @Test
    void shouldPassOverAPodWithoutTheContainerOrBeingDeleted() {
        Pod deleting = new PodBuilder(pod("db-0", "Running", true, "db")).editMetadata()
                .withDeletionTimestamp("2026-11-22T01:00:00Z").endMetadata().build();
        List<Pod> pods = List.of(deleting, pod("db-1", "Running", true, "sidecar"), pod("db-2", "Running", false,
                "sidecar", "db"));

        assertThat(PodChoice.choose(pods, "db")).contains(new PodChoice.Chosen("db-2", "db"));
        assertThat(PodChoice.choose(pods.subList(0, 2), "db")).isEmpty();
    }

    @Test
    void shouldRunInThePodsDefaultContainerWhenTheHookNamesNone() {
        Pod annotated = new PodBuilder(pod("db-0", "Running", true, "sidecar", "db")).editMetadata()
                .addToAnnotations(PodChoice.DEFAULT_CONTAINER_ANNOTATION, "db").endMetadata().build();

        assertThat(PodChoice.choose(List.of(annotated), null)).contains(new PodChoice.Chosen("db-0", "db"));
        assertThat(PodChoice.choose(List.of(pod("web-0", "Running", true, "nginx", "exporter")), null))
                .contains(new PodChoice.Chosen("web-0", "nginx"));
    }

    @Test
    void shouldSayWhatItSelectedWhenNoPodRuns() {
        List<Pod> pods = List.of(pod("db-0", "Pending", false, "db"), pod("db-1", "Failed", false, "db"));

        assertThat(PodChoice.choose(pods, "db")).isEmpty();
        assertThat(PodChoice.noneRunning(pods, "db", "shop"))
                .isEqualTo("selects no running pod with container 'db' in namespace shop (2 pods selected)");
    }

    private static Pod pod(String name, String phase, boolean ready, String... containers) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("shop").endMetadata()
                .withNewSpec().withContainers(Arrays.stream(containers)
                        .map(container -> new ContainerBuilder().withName(container).build()).toList()).endSpec()
                .withNewStatus().withPhase(phase).addNewCondition().withType("Ready")
                .withStatus(ready ? "True" : "False").endCondition().endStatus().build();
    }
}
