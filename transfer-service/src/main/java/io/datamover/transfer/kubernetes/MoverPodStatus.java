package io.datamover.transfer.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.List;
import java.util.Optional;

/** What a mover pod's status says: Ready with an IP, failed and why, or neither yet. */
record MoverPodStatus(boolean ready, String ip, boolean failed, String why) {

    static MoverPodStatus of(Pod pod) {
        PodStatus status = pod.getStatus();
        if (status == null) {
            return new MoverPodStatus(false, null, false, null);
        }
        boolean ready = conditions(status).stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        String phase = status.getPhase();
        boolean failed = "Failed".equals(phase) || "Succeeded".equals(phase);
        return new MoverPodStatus(ready, status.getPodIP(), failed, failed ? why(status) : null);
    }

    /** Ready with an IP, or failed: waiting longer changes nothing. */
    boolean settled() {
        return failed || (ready && ip != null && !ip.isEmpty());
    }

    private static List<PodCondition> conditions(PodStatus status) {
        return status.getConditions() == null ? List.of() : status.getConditions();
    }

    private static String why(PodStatus status) {
        String terminated = Optional.ofNullable(status.getContainerStatuses()).orElse(List.of()).stream()
                .map(ContainerStatus::getState)
                .filter(state -> state != null && state.getTerminated() != null)
                .map(state -> "container exited with code " + state.getTerminated().getExitCode()
                        + Optional.ofNullable(state.getTerminated().getReason()).map(r -> " (" + r + ")").orElse("")
                        + Optional.ofNullable(state.getTerminated().getMessage()).map(m -> ": " + m).orElse(""))
                .findFirst().orElse(null);
        String said = Optional.ofNullable(status.getReason()).map(r -> r + ": ").orElse("")
                + Optional.ofNullable(status.getMessage()).orElse("");
        return "phase " + status.getPhase() + (said.isEmpty() ? "" : ", " + said)
                + (terminated == null ? "" : ", " + terminated);
    }
}
