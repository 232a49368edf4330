package io.datamover.transfer.storage;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.BlockStoreException;
import io.datamover.blockstore.api.SnapshotInfo;
import io.datamover.blockstore.api.Verification;
import io.datamover.blockstore.api.VolumeInfo;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.transfer.domain.Manifest;
import io.datamover.transfer.receiver.ReplicaStore;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The embedded backend's replicas: volumes of role replica in the site's block store, which freezes them, applies
 * deltas in parts through its copy-on-write path (the consistent snapshot reads as before until the seal), checks
 * the parts against the checksums it keeps, and seals and thaws in one durable step.
 */
public final class StoreReplicas implements ReplicaStore {

    private final BlockStoreClient store;
    private final String site;

    public StoreReplicas(BlockStoreClient store, String site) {
        this.store = store;
        this.site = site;
    }

    @Override
    public Optional<VolumeInfo> find(String volumeId) {
        return call("look up volume " + volumeId + " at site " + site, () -> store.findVolume(volumeId));
    }

    @Override
    public void create(Manifest manifest) {
        call("create the replica of volume " + manifest.volumeId() + " at site " + site,
                () -> store.createVolume(manifest.volumeId(), manifest.volumeBytes(), manifest.blockSize(),
                        VolumeRole.REPLICA));
    }

    @Override
    public boolean freeze(Manifest manifest, String reason) {
        return call("freeze the replica of volume " + manifest.volumeId() + " at site " + site, () -> {
            if (store.volume(manifest.volumeId()).frozen()) {
                return false;
            }
            store.freeze(manifest.volumeId(), reason);
            return true;
        });
    }

    @Override
    public void begin(Manifest manifest) {
        call("prepare the replica at site " + site + " for " + manifest.describe(),
                () -> store.beginApply(manifest.volumeId(), manifest.baseSnapshot(), manifest.snapshot()));
    }

    @Override
    public void writePart(Manifest manifest, int chunk, byte[] part) {
        call("write chunk " + chunk + " of " + manifest.describe() + " into the replica at site " + site,
                () -> store.applyPart(manifest.volumeId(), manifest.baseSnapshot(), manifest.snapshot(), part));
    }

    @Override
    public Verification verifyWritten(Manifest manifest) {
        return call("verify the chunks of " + manifest.describe() + " in the replica at site " + site,
                () -> store.verifyChanged(manifest.volumeId()));
    }

    @Override
    public void seal(Manifest manifest) {
        call("seal " + manifest.describe() + " in the replica at site " + site,
                () -> store.sealApply(manifest.volumeId(), manifest.snapshot(), true));
    }

    @Override
    public List<Long> snapshots(String volumeId) {
        return call("list the snapshots of the replica of volume " + volumeId + " at site " + site,
                () -> store.snapshots(volumeId).stream().map(SnapshotInfo::snapshot).toList());
    }

    /** The store refuses a snapshot a clone reads from or someone holds (409); it is gone already: fine. */
    @Override
    public void deleteSnapshot(String volumeId, long snapshot) {
        call("delete snapshot " + snapshot + " of the replica of volume " + volumeId + " at site " + site, () -> {
            try {
                store.deleteSnapshot(volumeId, snapshot);
            } catch (BlockStoreException e) {
                if (e.status() != 404) {
                    throw e;
                }
            }
            return null;
        });
    }

    private static <T> T call(String doing, Supplier<T> call) {
        try {
            return call.get();
        } catch (BlockStoreException e) {
            throw StoreFailures.of(doing, "the block store", e);
        }
    }

}
