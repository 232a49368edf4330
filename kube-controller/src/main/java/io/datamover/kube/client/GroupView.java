package io.datamover.kube.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** What the controller reads of the snapshot-service's {@code GET /groups/{groupId}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GroupView(String groupId, List<String> volumeIds, long intervalSeconds, int retain,
        List<String> targetSites, List<String> preHook, List<String> postHook, String state,
        List<Replication> replication) {

    /** Whether the group is defined as {@code request} asks (the volumes in any order). */
    public boolean matches(GroupRequest request) {
        return volumeIds.size() == request.volumeIds().size() && volumeIds.containsAll(request.volumeIds())
                && intervalSeconds == request.intervalSeconds() && retain == request.retain()
                && targetSites.equals(request.targetSites()) && preHook == null && postHook == null;
    }

    public List<Replication> replication() {
        return replication == null ? List.of() : replication;
    }
}
