package io.datamover.snapshot.domain;

/**
 * The quiesce hooks of a group that run in the application's pods rather than here: this service asks the site's
 * kube-controller ({@code datamover.snapshot.hook-url}) to run each one, and the controller runs the command its
 * ProtectedApplication names in a pod it selects. Only the phases and their timeouts are known here.
 *
 * @param pre run before the group snapshot, or null
 * @param post run after every attempt that got as far as the pre hook, or null
 */
public record RemoteHooks(Phase pre, Phase post) {

    /**
     * One remote hook.
     *
     * @param timeoutSeconds how long the command may run in its pod, 1..3600, by default
     *     {@value Group#DEFAULT_HOOK_TIMEOUT_SECONDS}
     */
    public record Phase(Integer timeoutSeconds) {

        public Phase {
            timeoutSeconds = timeoutSeconds == null ? Group.DEFAULT_HOOK_TIMEOUT_SECONDS : timeoutSeconds;
        }
    }

    /**
     * Checks the hooks as part of their group.
     *
     * @throws ProtectionException INVALID naming {@code remoteHooks} or the timeout at fault
     */
    void check() {
        if (pre == null && post == null) {
            throw ProtectionException.invalid("remoteHooks", "must name a pre or a post hook, as {\"pre\":"
                    + " {\"timeoutSeconds\": 30}, \"post\": {}}");
        }
        requireTimeout("remoteHooks.pre.timeoutSeconds", pre);
        requireTimeout("remoteHooks.post.timeoutSeconds", post);
    }

    private static void requireTimeout(String field, Phase phase) {
        if (phase != null && (phase.timeoutSeconds() < 1 || phase.timeoutSeconds() > Group.MAX_HOOK_TIMEOUT_SECONDS)) {
            throw ProtectionException.invalid(field, "must lie between 1 and " + Group.MAX_HOOK_TIMEOUT_SECONDS
                    + ", was " + phase.timeoutSeconds());
        }
    }
}
