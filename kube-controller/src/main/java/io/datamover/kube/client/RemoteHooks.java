package io.datamover.kube.client;

import io.datamover.kube.crd.Hook;
import io.datamover.kube.domain.ApplicationTerms;
import java.util.Map;

/**
 * A group's {@code remoteHooks} at the snapshot-service: the phases it asks this controller to run
 * ({@code POST /hooks/{groupId}/{phase}}) and how long each may take. The commands stay here, in the
 * ProtectedApplication.
 *
 * @param pre the pre hook, or null
 * @param post the post hook, or null
 */
public record RemoteHooks(Phase pre, Phase post) {

    /** @param timeoutSeconds the hook's {@code timeoutSeconds} */
    public record Phase(int timeoutSeconds) {
    }

    /** The remote hooks of an application's checked hooks (by {@code pre}, {@code post}); null when it has none. */
    public static RemoteHooks of(Map<String, Hook> hooks) {
        if (hooks.isEmpty()) {
            return null;
        }
        return new RemoteHooks(phase(hooks.get("pre")), phase(hooks.get("post")));
    }

    /** For the log: {@code pre (30s), post (10s)}. */
    public String summary() {
        return (pre == null ? "" : "pre (" + pre.timeoutSeconds() + "s)") + (pre != null && post != null ? ", " : "")
                + (post == null ? "" : "post (" + post.timeoutSeconds() + "s)");
    }

    private static Phase phase(Hook hook) {
        if (hook == null) {
            return null;
        }
        return new Phase(hook.getTimeoutSeconds() == null ? ApplicationTerms.DEFAULT_HOOK_TIMEOUT_SECONDS
                : hook.getTimeoutSeconds());
    }
}
