package io.datamover.kube.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.datamover.kube.domain.VolumeProgress;
import java.time.Instant;
import java.util.Map;

/** A volume's {@code replication} in the snapshot-service's views. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Replication(String volumeId, Long lastSnapshot, Instant lastSnapshotAt, Map<String, Long> applied) {

    public VolumeProgress progress() {
        return new VolumeProgress(volumeId, lastSnapshot, lastSnapshotAt, applied);
    }
}
