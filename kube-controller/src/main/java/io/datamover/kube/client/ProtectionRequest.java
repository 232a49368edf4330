package io.datamover.kube.client;

import java.util.List;

/** The body of the snapshot-service's {@code PUT /protections/{volumeId}}. */
public record ProtectionRequest(long intervalSeconds, int retain, List<String> targetSites) {

    public ProtectionRequest {
        targetSites = List.copyOf(targetSites);
    }
}
