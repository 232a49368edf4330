package io.datamover.kube.client;

import java.util.List;

/**
 * The body of the snapshot-service's {@code PUT /groups/{groupId}}.
 *
 * @param remoteHooks the application's hooks, which the snapshot-service asks this controller to run; null for none
 */
public record GroupRequest(List<String> volumeIds, long intervalSeconds, int retain, List<String> targetSites,
        RemoteHooks remoteHooks) {

    public GroupRequest {
        volumeIds = List.copyOf(volumeIds);
        targetSites = List.copyOf(targetSites);
    }
}
