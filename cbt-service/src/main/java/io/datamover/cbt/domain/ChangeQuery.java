package io.datamover.cbt.domain;

import io.datamover.blockstore.api.SnapshotRef;
import io.datamover.events.ChangeMethod;
import io.datamover.events.CsiSnapshot;
import io.datamover.events.SnapshotTaken;
import java.util.Optional;

/**
 * What to ask the SnapshotMetadata service for: the delta from {@code baseSnapshot} to
 * {@code snapshot} by changed block tracking, or every allocated block of {@code snapshot} when
 * there is no base. With the VolumeSnapshots of the csi backend ({@code csi}, {@code baseCsi}) the requests name
 * them as KEP-3314 has it (the VolumeSnapshot's namespace and name, the base's snapshot handle) and go to their
 * driver; without, the embedded store's names {@code <volumeId>.<n>} in the requests' default namespace.
 */
public record ChangeQuery(String volumeId, long snapshot, Long baseSnapshot, CsiSnapshot csi, CsiSnapshot baseCsi) {

    /** A query of the embedded store's snapshots. */
    public ChangeQuery(String volumeId, long snapshot, Long baseSnapshot) {
        this(volumeId, snapshot, baseSnapshot, null, null);
    }

    /** The query of the event, with its VolumeSnapshots. */
    public static ChangeQuery of(SnapshotTaken event) {
        return new ChangeQuery(event.volumeId(), event.snapshot(), event.baseSnapshot(), event.csi(),
                event.baseCsi());
    }

    /** The query of the event, as the embedded store names its snapshots, whatever VolumeSnapshots it names. */
    public static ChangeQuery embedded(SnapshotTaken event) {
        return new ChangeQuery(event.volumeId(), event.snapshot(), event.baseSnapshot());
    }

    public ChangeMethod method() {
        return baseSnapshot == null ? ChangeMethod.FULL : ChangeMethod.CBT;
    }

    /** The same snapshot copied in full, for when the base is gone. */
    public ChangeQuery full() {
        return new ChangeQuery(volumeId, snapshot, null, csi, null);
    }

    /** A VolumeSnapshot with a base whose snapshot handle is unknown: no delta can be asked for. */
    public boolean lacksBaseHandle() {
        return csi != null && baseSnapshot != null && baseCsi == null;
    }

    /** The requests' {@code namespace}: the VolumeSnapshot's, else {@code fallback}. */
    public String namespace(String fallback) {
        return csi == null ? fallback : csi.namespace();
    }

    /** GetMetadataDelta's {@code target_snapshot_name} and GetMetadataAllocated's {@code snapshot_name}. */
    public String snapshotName() {
        return csi == null ? SnapshotRef.name(volumeId, snapshot) : csi.volumeSnapshotName();
    }

    /** GetMetadataDelta's {@code base_snapshot_id}: the base VolumeSnapshot's handle, else the store's name. */
    public String baseSnapshotId() {
        return baseCsi == null ? SnapshotRef.name(volumeId, baseSnapshot) : baseCsi.snapshotHandle();
    }

    /** The CSI driver whose SnapshotMetadataService holds the snapshot, when the event names it. */
    public Optional<String> driver() {
        return csi == null ? Optional.empty() : Optional.of(csi.driver());
    }
}
