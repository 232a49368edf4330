package io.datamover.kube.client;

import java.util.List;

/** The body of the snapshot-service's {@code PUT /groups/{groupId}}; the hooks are not sent (see the README). */
public record GroupRequest(List<String> volumeIds, long intervalSeconds, int retain, List<String> targetSites) {

    public GroupRequest {
        volumeIds = List.copyOf(volumeIds);
        targetSites = List.copyOf(targetSites);
    }
}
