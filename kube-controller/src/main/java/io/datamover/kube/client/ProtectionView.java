package io.datamover.kube.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** What the controller reads of the snapshot-service's {@code GET /protections/{volumeId}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProtectionView(String volumeId, long intervalSeconds, int retain, List<String> targetSites,
        String state, Replication replication) {

    /** Whether the volume is protected as {@code request} asks. */
    public boolean matches(ProtectionRequest request) {
        return intervalSeconds == request.intervalSeconds() && retain == request.retain()
                && targetSites.equals(request.targetSites());
    }
}
