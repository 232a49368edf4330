package io.datamover.kube.client;

import java.util.List;

/**
 * The body of the snapshot-service's {@code PUT /groups/{groupId}}.
 *
 * @param remoteHooks the application's hooks, which the snapshot-service asks this controller to run; null for none
 * @param priority the application's priority, which the snapshot-service announces to placement with every snapshot
 */
public record GroupRequest(List<String> volumeIds, long intervalSeconds, int retain, List<String> targetSites,
        RemoteHooks remoteHooks, int priority) {

    public GroupRequest {
        volumeIds = List.copyOf(volumeIds);
        targetSites = List.copyOf(targetSites);
    }
}
