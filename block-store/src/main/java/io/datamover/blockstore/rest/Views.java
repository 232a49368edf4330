package io.datamover.blockstore.rest;

import io.datamover.blockstore.api.SnapshotInfo;
import io.datamover.blockstore.api.VolumeInfo;
import io.datamover.blockstore.domain.VolumeMetadata;

/** The API's views of the store's metadata. */
final class Views {

    private Views() {
    }

    static VolumeInfo volume(VolumeMetadata m) {
        return new VolumeInfo(m.id(), m.sizeBytes(), m.blockSize(), m.role(), m.frozen(), m.frozenReason(),
                m.latestSnapshot(), m.consistentSnapshot());
    }

    static SnapshotInfo snapshot(VolumeMetadata m, VolumeMetadata.Snapshot s) {
        return new SnapshotInfo(m.id(), s.number(), s.createdAt(), m.sizeBytes());
    }
}
