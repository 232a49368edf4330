package io.datamover.kube.domain;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The pod a hook runs in, among those its {@code podSelector} selects: one that runs, is not being deleted and has
 * the container; a ready one before one that is not, then by name, so that every run picks the same pod.
 */
public final class PodChoice {

    /** The annotation {@code kubectl exec} reads for a pod's default container. */
    public static final String DEFAULT_CONTAINER_ANNOTATION = "kubectl.kubernetes.io/default-container";

    /**
     * @param container the hook's container, or the pod's default one when the hook names none
     */
    public record Chosen(String pod, String container) {
    }

    private PodChoice() {
    }

    /** @param container the container the hook names, or null */
    public static Optional<Chosen> choose(List<Pod> selected, String container) {
        return selected.stream().filter(pod -> isRunning(pod) && hasContainer(pod, container))
                .sorted(Comparator.comparing((Pod pod) -> !isReady(pod)).thenComparing(pod -> pod.getMetadata()
                        .getName()))
                .findFirst()
                .map(pod -> new Chosen(pod.getMetadata().getName(), container != null ? container
                        : defaultContainer(pod)));
    }

    /** Why {@link #choose} found none, after the field of the selector, e.g. {@code selects no running pod ...}. */
    public static String noneRunning(List<Pod> selected, String container, String namespace) {
        return "selects no running pod" + (container == null ? "" : " with container '" + container + "'")
                + " in namespace " + namespace + " (" + selected.size() + " pods selected)";
    }

    private static boolean isRunning(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() == null && pod.getStatus() != null
                && "Running".equals(pod.getStatus().getPhase());
    }

    private static boolean isReady(Pod pod) {
        return pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static boolean hasContainer(Pod pod, String container) {
        List<Container> containers = pod.getSpec() == null ? List.of() : pod.getSpec().getContainers();
        return container == null ? !containers.isEmpty() : containers.stream().anyMatch(c -> container.equals(
                c.getName()));
    }

    /** The container {@code kubectl exec} would pick: the one the annotation names, else the first. */
    private static String defaultContainer(Pod pod) {
        List<Container> containers = pod.getSpec().getContainers();
        String annotated = pod.getMetadata().getAnnotations() == null ? null
                : pod.getMetadata().getAnnotations().get(DEFAULT_CONTAINER_ANNOTATION);
        return containers.stream().map(Container::getName).filter(name -> name.equals(annotated)).findFirst()
                .orElse(containers.get(0).getName());
    }
}
