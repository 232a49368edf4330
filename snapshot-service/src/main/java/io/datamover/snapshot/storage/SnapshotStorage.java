package io.datamover.snapshot.storage;

import io.datamover.blockstore.api.RejoinResult;
import io.datamover.blockstore.api.SnapshotInfo;
import io.datamover.blockstore.api.VolumeInfo;
import io.datamover.events.CsiSnapshot;
import io.datamover.snapshot.config.SnapshotConfig;
import java.util.List;
import java.util.Optional;

/**
 * The port of the storage backends ({@code datamover.storage}): where this site's volumes live and are snapshotted.
 * {@link EmbeddedStorage} is the site's block store; {@code kubernetes/CsiStorage} takes VolumeSnapshot objects of the
 * volumes' claims. The embedded store fails with {@link io.datamover.blockstore.api.BlockStoreException}, the csi
 * backend with {@link io.datamover.snapshot.domain.ProtectionException}.
 */
public interface SnapshotStorage {

    SnapshotConfig.Storage backend();

    /** Where the volumes are, for messages, e.g. {@code the block store of site stockholm}. */
    String where();

    Optional<VolumeInfo> findVolume(String volumeId);

    /** The volume's snapshots that exist and can be read, oldest first. */
    List<SnapshotInfo> snapshots(String volumeId);

    SnapshotInfo createSnapshot(String volumeId);

    /** A snapshot of every volume, in their order, taken together (atomically where the backend can). */
    List<SnapshotInfo> createSnapshots(List<String> volumeIds);

    /**
     * Whether a freeze stops the application's pods (csi: its workloads are scaled to 0) rather than holding its
     * writes: a group's post hook has no pod to run in after such a freeze.
     */
    boolean freezeStopsWorkloads();

    /** Freezes the volumes and snapshots them in one step: a switchover's final snapshot. */
    List<SnapshotInfo> freezeAndSnapshot(List<String> volumeIds, String reason);

    void deleteSnapshot(String volumeId, long snapshot);

    /** The snapshot's VolumeSnapshot, with the csi backend; empty with the embedded one, or when it is gone. */
    Optional<CsiSnapshot> csiSnapshot(String volumeId, long snapshot);

    VolumeInfo promote(String volumeId);

    VolumeInfo demote(String volumeId);

    VolumeInfo freeze(String volumeId, String reason);

    VolumeInfo thaw(String volumeId);

    RejoinResult rejoin(String volumeId, long commonSnapshot);
}
