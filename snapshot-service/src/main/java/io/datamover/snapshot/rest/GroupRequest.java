package io.datamover.snapshot.rest;

import io.datamover.snapshot.domain.Group;
import io.datamover.snapshot.domain.Protection;
import io.datamover.snapshot.domain.ProtectionException;
import io.datamover.snapshot.domain.RemoteHooks;
import java.util.List;

/**
 * The body of {@code PUT /groups/{groupId}}; {@code retain} defaults to {@value Protection#DEFAULT_RETAIN},
 * {@code hookTimeoutSeconds} to {@value Group#DEFAULT_HOOK_TIMEOUT_SECONDS}, the hooks to none; {@code remoteHooks}
 * are run by the kube-controller instead of {@code preHook} and {@code postHook}; {@code priority} defaults to 0.
 */
public record GroupRequest(List<String> volumeIds, Long intervalSeconds, Integer retain, List<String> targetSites,
        List<String> preHook, List<String> postHook, Integer hookTimeoutSeconds, RemoteHooks remoteHooks,
        Integer priority) {

    public Group toGroup(String groupId) {
        if (volumeIds == null) {
            throw ProtectionException.invalid("volumeIds", "is required");
        }
        if (intervalSeconds == null) {
            throw ProtectionException.invalid("intervalSeconds", "is required");
        }
        if (targetSites == null) {
            throw ProtectionException.invalid("targetSites", "is required");
        }
        return new Group(groupId, volumeIds, intervalSeconds, retain == null ? Protection.DEFAULT_RETAIN : retain,
                targetSites, preHook, postHook,
                hookTimeoutSeconds == null ? Group.DEFAULT_HOOK_TIMEOUT_SECONDS : hookTimeoutSeconds, remoteHooks,
                priority);
    }
}
