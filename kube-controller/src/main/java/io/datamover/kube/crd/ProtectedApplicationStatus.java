package io.datamover.kube.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The status of a {@link ProtectedApplication}: its conditions, its volume group and each of its claims. */
public class ProtectedApplicationStatus extends ResourceStatus {

    @JsonPropertyDescription("Id of the application's volume group at the snapshot-service.")
    private String groupId;

    @JsonPropertyDescription("Each PersistentVolumeClaim the selector matches.")
    private List<VolumeStatus> volumes = new ArrayList<>();

    public String getGroupId() {
        return groupId;
    }

    public void setGroupId(String groupId) {
        this.groupId = groupId;
    }

    public List<VolumeStatus> getVolumes() {
        return volumes;
    }

    public void setVolumes(List<VolumeStatus> volumes) {
        this.volumes = volumes == null ? new ArrayList<>() : volumes;
    }

    @Override
    public boolean equals(Object other) {
        return super.equals(other) && Objects.equals(groupId, ((ProtectedApplicationStatus) other).groupId)
                && Objects.equals(volumes, ((ProtectedApplicationStatus) other).volumes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), groupId, volumes);
    }
}
