package io.datamover.kube.domain;

import io.datamover.kube.crd.Hook;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.time.Duration;
import java.util.List;

/**
 * One run of an application's hook, as the snapshot-service asked for it.
 *
 * @param application the ProtectedApplication, {@code namespace/name}
 * @param namespace the application's namespace, where the pods are
 * @param container the container the hook names, null for the pod's default container
 * @param timeout how long the command may run
 */
public record HookRun(String groupId, HookPhase phase, String application, String namespace,
        LabelSelector podSelector, String container, List<String> command, Duration timeout) {

    public HookRun {
        command = List.copyOf(command);
    }

    /**
     * The run of the application's hook of {@code phase}.
     *
     * @param requestedSeconds how long the caller waits for the command, null when it did not say
     * @throws HookRefusedException 409 naming {@code spec.hooks.<phase>} when the application has no such hook,
     *     400 naming {@code timeoutSeconds} for a requested time below one second
     */
    public static HookRun of(String groupId, HookPhase phase, String application, ApplicationTerms terms,
            Integer requestedSeconds) {
        Hook hook = terms.hooks().get(phase.code());
        if (hook == null) {
            throw HookRefusedException.noHook("spec.hooks." + phase.code(), "ProtectedApplication "
                    + application + " of group " + groupId + " has no " + phase.code() + " hook (spec.hooks."
                    + phase.code() + ")");
        }
        if (requestedSeconds != null && requestedSeconds < 1) {
            throw HookRefusedException.invalid("timeoutSeconds", "timeoutSeconds must be at least 1,"
                    + " was " + requestedSeconds);
        }
        return new HookRun(groupId, phase, application, terms.namespace(), hook.getPodSelector(),
                hook.getContainer(), hook.getCommand(), timeout(hook.getTimeoutSeconds(), requestedSeconds));
    }

    /**
     * The hook's own timeout ({@value ApplicationTerms#DEFAULT_HOOK_TIMEOUT_SECONDS}s when it names none), cut to
     * what the caller waits for when that is shorter: a command never outlives the request that asked for it.
     */
    static Duration timeout(Integer hookSeconds, Integer requestedSeconds) {
        int seconds = hookSeconds == null ? ApplicationTerms.DEFAULT_HOOK_TIMEOUT_SECONDS : hookSeconds;
        return Duration.ofSeconds(requestedSeconds == null ? seconds : Math.min(seconds, requestedSeconds));
    }

    /** What it is, for messages: {@code pre hook of group webshop-250acfcc (ProtectedApplication datamover/webshop)}. */
    public String subject() {
        return phase.code() + " hook of group " + groupId + " (ProtectedApplication " + application + ")";
    }
}
