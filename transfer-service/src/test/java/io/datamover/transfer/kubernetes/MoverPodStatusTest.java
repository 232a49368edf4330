package io.datamover.transfer.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

class MoverPodStatusTest {

    @Test
    void shouldWaitForAPodWithoutStatusOrNotReadyOrWithoutAnIp() {
        assertThat(MoverPodStatus.of(new Pod()).settled()).isFalse();
        assertThat(MoverPodStatus.of(pod("Running", "False", "10.1.2.3")).settled()).isFalse();
        assertThat(MoverPodStatus.of(pod("Running", "True", null)).settled()).isFalse();
    }

    @Test
    void shouldBeSettledWhenReadyWithAnIp() {
        MoverPodStatus status = MoverPodStatus.of(pod("Running", "True", "10.1.2.3"));

        assertThat(status.settled()).isTrue();
        assertThat(status.failed()).isFalse();
        assertThat(status.ip()).isEqualTo("10.1.2.3");
    }

    @Test
    void shouldSayWhyAPodFailed() {
        Pod pod = new PodBuilder(pod("Failed", "False", null)).editStatus().withReason("Evicted")
                .withMessage("the node was low on memory").addNewContainerStatus().withName("mover").withNewState()
                .withNewTerminated().withExitCode(137).withReason("OOMKilled").endTerminated().endState()
                .endContainerStatus().endStatus().build();

        MoverPodStatus status = MoverPodStatus.of(pod);

        assertThat(status.settled()).isTrue();
        assertThat(status.failed()).isTrue();
        assertThat(status.why()).contains("phase Failed", "Evicted: the node was low on memory",
                "exited with code 137 (OOMKilled)");
    }

    private static Pod pod(String phase, String ready, String ip) {
        return new PodBuilder().withNewStatus().withPhase(phase).withPodIP(ip)
                .addNewCondition().withType("Ready").withStatus(ready).endCondition().endStatus().build();
    }
}
