package io.datamover.blockstore.rest;

import io.datamover.blockstore.api.RejoinResult;
import io.datamover.blockstore.api.SnapshotInfo;
import io.datamover.blockstore.api.VolumeInfo;
import io.datamover.blockstore.domain.Rejoined;
import io.datamover.blockstore.domain.VolumeMetadata;
import io.datamover.blockstore.storage.Volume;

/** The API's views of the store's metadata. */
final class Views {

    private Views() {
    }

    static VolumeInfo volume(VolumeMetadata m) {
        VolumeInfo.Origin origin = m.origin() == null ? null
                : new VolumeInfo.Origin(m.origin().volumeId(), m.origin().snapshot());
        return new VolumeInfo(m.id(), m.sizeBytes(), m.blockSize(), m.role(), m.frozen(), m.frozenReason(),
                m.latestSnapshot(), m.consistentSnapshot(), origin);
    }

    static RejoinResult rejoined(Rejoined r) {
        return new RejoinResult(volume(r.volume()), r.divergedBytes(), r.discardedSnapshots(), r.method().code());
    }

    static SnapshotInfo snapshot(Volume volume, VolumeMetadata.Snapshot s) {
        return new SnapshotInfo(volume.id(), s.number(), s.createdAt(), volume.geometry().sizeBytes(), s.holds(),
                volume.clonesOf(s.number()));
    }
}
