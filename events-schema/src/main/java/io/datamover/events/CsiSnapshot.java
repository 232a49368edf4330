package io.datamover.events;

/**
 * A snapshot of the csi storage backend: a {@code VolumeSnapshot} object (group {@code snapshot.storage.k8s.io}) in
 * the namespace of the volume's claim, bound to a {@code VolumeSnapshotContent} of CSI driver {@code driver}. The
 * SnapshotMetadata API (KEP-3314) names a target snapshot by {@code namespace} and {@code volumeSnapshotName}, a base
 * snapshot by its {@code snapshotHandle}.
 *
 * @param namespace the namespace of the VolumeSnapshot, the claim's
 * @param volumeSnapshotName the VolumeSnapshot's name
 * @param snapshotHandle the CSI driver's id of the snapshot, from the VolumeSnapshotContent's {@code status}
 * @param driver the CSI driver's name, from the VolumeSnapshotContent's {@code spec.driver}
 */
public record CsiSnapshot(String namespace, String volumeSnapshotName, String snapshotHandle, String driver) {

    public CsiSnapshot {
        Fields.id("namespace", namespace);
        Fields.qualifiedId("volumeSnapshotName", volumeSnapshotName);
        Fields.text("snapshotHandle", snapshotHandle);
        Fields.text("driver", driver);
    }

    @Override
    public String toString() {
        return "VolumeSnapshot " + namespace + "/" + volumeSnapshotName + " (handle " + snapshotHandle + " of driver "
                + driver + ")";
    }
}
