package io.datamover.kube.kubernetes;

import io.datamover.kube.crd.Hook;
import io.datamover.kube.domain.ApplicationTerms;
import io.datamover.kube.domain.PodChoice;
import io.datamover.kube.domain.Problem;
import io.fabric8.kubernetes.api.model.LabelSelector;
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
            List<Pod> pods = selected(terms.namespace(), hook.getPodSelector());
            if (PodChoice.choose(pods, hook.getContainer()).isEmpty()) {
                problems.add(Problem.of("HookPodNotRunning", "spec.hooks." + entry.getKey() + ".podSelector",
                        PodChoice.noneRunning(pods, hook.getContainer(), terms.namespace())
                                + ("pre".equals(entry.getKey()) ? ": no group snapshot is taken until one runs" : "")));
            }
        }
        return problems;
    }

    /** The pods of {@code namespace} the selector selects. */
    public List<Pod> selected(String namespace, LabelSelector selector) {
        return client.pods().inNamespace(namespace).withLabelSelector(selector).list().getItems();
    }
}
