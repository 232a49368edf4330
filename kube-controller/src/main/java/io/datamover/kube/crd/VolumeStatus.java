package io.datamover.kube.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** One PersistentVolumeClaim of a {@link ProtectedApplication} and how far its protection has come. */
public class VolumeStatus {

    @JsonPropertyDescription("Name of the PersistentVolumeClaim.")
    private String pvc;

    @JsonPropertyDescription("The claim's phase: Bound, Pending or Lost.")
    private String phase;

    @JsonPropertyDescription("The volume id: the name of the PersistentVolume the claim is bound to; absent while"
            + " unbound.")
    private String volumeId;

    @JsonPropertyDescription("The newest snapshot of the volume at this site, as the snapshot-service last saw it.")
    private Long lastSnapshot;

    @JsonPropertyDescription("When that snapshot was taken (RFC 3339).")
    private String lastSnapshotTime;

    @JsonPropertyDescription("Per MigrationLocation name, the snapshot its replica is consistent at; a location"
            + " without a consistent replica yet is absent.")
    private Map<String, Long> consistentSnapshots = new TreeMap<>();

    public String getPvc() {
        return pvc;
    }

    public void setPvc(String pvc) {
        this.pvc = pvc;
    }

    public String getPhase() {
        return phase;
    }

    public void setPhase(String phase) {
        this.phase = phase;
    }

    public String getVolumeId() {
        return volumeId;
    }

    public void setVolumeId(String volumeId) {
        this.volumeId = volumeId;
    }

    public Long getLastSnapshot() {
        return lastSnapshot;
    }

    public void setLastSnapshot(Long lastSnapshot) {
        this.lastSnapshot = lastSnapshot;
    }

    public String getLastSnapshotTime() {
        return lastSnapshotTime;
    }

    public void setLastSnapshotTime(String lastSnapshotTime) {
        this.lastSnapshotTime = lastSnapshotTime;
    }

    public Map<String, Long> getConsistentSnapshots() {
        return consistentSnapshots;
    }

    public void setConsistentSnapshots(Map<String, Long> consistentSnapshots) {
        this.consistentSnapshots = consistentSnapshots == null ? new TreeMap<>() : new TreeMap<>(consistentSnapshots);
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof VolumeStatus that)) {
            return false;
        }
        return Objects.equals(pvc, that.pvc) && Objects.equals(phase, that.phase)
                && Objects.equals(volumeId, that.volumeId) && Objects.equals(lastSnapshot, that.lastSnapshot)
                && Objects.equals(lastSnapshotTime, that.lastSnapshotTime)
                && Objects.equals(consistentSnapshots, that.consistentSnapshots);
    }

    @Override
    public int hashCode() {
        return Objects.hash(pvc, phase, volumeId, lastSnapshot, lastSnapshotTime, consistentSnapshots);
    }
}
