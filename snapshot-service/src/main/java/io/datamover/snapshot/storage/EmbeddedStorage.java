package io.datamover.snapshot.storage;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.RejoinResult;
import io.datamover.blockstore.api.SnapshotInfo;
import io.datamover.blockstore.api.VolumeInfo;
import io.datamover.events.CsiSnapshot;
import io.datamover.snapshot.config.SnapshotConfig;
import java.util.List;
import java.util.Optional;

/** The embedded storage backend: the site's block store over its HTTP API. */
public final class EmbeddedStorage implements SnapshotStorage {

    private final BlockStoreClient store;
    private final String site;

    public EmbeddedStorage(BlockStoreClient store, String site) {
        this.store = store;
        this.site = site;
    }

    @Override
    public SnapshotConfig.Storage backend() {
        return SnapshotConfig.Storage.EMBEDDED;
    }

    @Override
    public String where() {
        return "the block store of site " + site;
    }

    @Override
    public Optional<VolumeInfo> findVolume(String volumeId) {
        return store.findVolume(volumeId);
    }

    @Override
    public List<SnapshotInfo> snapshots(String volumeId) {
        return store.snapshots(volumeId);
    }

    @Override
    public SnapshotInfo createSnapshot(String volumeId) {
        return store.createSnapshot(volumeId);
    }

    @Override
    public List<SnapshotInfo> createSnapshots(List<String> volumeIds) {
        return store.createSnapshots(volumeIds);
    }

    @Override
    public boolean freezeStopsWorkloads() {
        return false;
    }

    @Override
    public List<SnapshotInfo> freezeAndSnapshot(List<String> volumeIds, String reason) {
        return store.freezeAndSnapshot(volumeIds, reason);
    }

    @Override
    public void deleteSnapshot(String volumeId, long snapshot) {
        store.deleteSnapshot(volumeId, snapshot);
    }

    @Override
    public Optional<CsiSnapshot> csiSnapshot(String volumeId, long snapshot) {
        return Optional.empty();
    }

    @Override
    public VolumeInfo promote(String volumeId) {
        return store.promote(volumeId);
    }

    @Override
    public VolumeInfo demote(String volumeId) {
        return store.demote(volumeId);
    }

    @Override
    public VolumeInfo freeze(String volumeId, String reason) {
        return store.freeze(volumeId, reason);
    }

    @Override
    public VolumeInfo thaw(String volumeId) {
        return store.thaw(volumeId);
    }

    @Override
    public RejoinResult rejoin(String volumeId, long commonSnapshot) {
        return store.rejoin(volumeId, commonSnapshot);
    }
}
