package io.datamover.kube.kubernetes;

import io.datamover.kube.crd.Hook;
import io.datamover.kube.domain.ApplicationTerms;
import io.datamover.kube.domain.Problem;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Whether each hook of an application has a running pod (with its container) to run in. */
public class HookPods {

    private final KubernetesClient client;

    public HookPods(KubernetesClient client) {
        this.client = client;
    }

    /** Why a hook has no pod to run in; empty when every hook has one. */
    public List<Problem> check(ApplicationTerms terms) {
        List<Problem> problems = new ArrayList<>();
        for (Map.Entry<String, Hook> entry : terms.hooks().entrySet()) {
            Hook hook = entry.getValue();
            List<Pod> pods = client.pods().inNamespace(terms.namespace()).withLabelSelector(hook.getPodSelector())
                    .list().getItems();
            boolean running = pods.stream().anyMatch(pod -> isRunning(pod) && hasContainer(pod, hook.getContainer()));
            if (!running) {
                problems.add(Problem.of("HookPodNotRunning", "spec.hooks." + entry.getKey() + ".podSelector",
                        "selects no running pod" + (hook.getContainer() == null ? ""
                                : " with container '" + hook.getContainer() + "'") + " in namespace "
                                + terms.namespace() + " (" + pods.size() + " pods selected)"));
            }
        }
        return problems;
    }

    private static boolean isRunning(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() == null && pod.getStatus() != null
                && "Running".equals(pod.getStatus().getPhase());
    }

    private static boolean hasContainer(Pod pod, String container) {
        return container == null || pod.getSpec() != null && pod.getSpec().getContainers().stream()
                .anyMatch(c -> container.equals(c.getName()));
    }
}
