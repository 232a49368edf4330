package io.datamover.transfer.receiver;

import io.datamover.blockstore.api.ApplyResult;
import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.BlockStoreException;
import io.datamover.events.EventPublisher;
import io.datamover.events.ReplicaApplied;
import io.datamover.events.VolumeFrozen;
import io.datamover.transfer.config.TransferConfig;
import io.datamover.transfer.domain.Manifest;
import io.datamover.transfer.peer.CommitResult;
import io.datamover.transfer.peer.TransferStatus;
import io.datamover.transfer.storage.StagingArea;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Applies a committed delta to the replica: freeze, apply in place, thaw, announce, then forget the
 * staged chunks. Every step can be repeated: after a crash the same delta is applied again, and the
 * replica stays frozen until an apply has completed, so no reader sees it half-applied.
 */
@ApplicationScoped
public class ReplicaApplier {

    private static final Logger LOG = Logger.getLogger(ReplicaApplier.class);

    private final String site;
    private final BlockStoreClient store;
    private final StagingArea staging;
    private final EventPublisher publisher;

    public ReplicaApplier(TransferConfig config, BlockStoreClient store, StagingArea staging,
            EventPublisher publisher) {
        this.site = config.site();
        this.store = store;
        this.staging = staging;
        this.publisher = publisher;
    }

    /** Applies a delta whose chunks are all staged and verified and which is marked committed. */
    CommitResult apply(Manifest manifest) {
        String volumeId = manifest.volumeId();
        long snapshot = manifest.snapshot();
        long shippedBytes = staging.stagedBytes(manifest);
        freeze(manifest);
        ApplyResult result;
        try {
            result = store.apply(volumeId, manifest.baseSnapshot(), snapshot, () -> staging.delta(manifest));
            store.thaw(volumeId);
        } catch (BlockStoreException e) {
            throw StoreFailures.of("apply " + manifest.describe() + " to the replica at site " + site, e);
        }
        publisher.publish(VolumeFrozen.of(site, volumeId, false, "snapshot " + snapshot + " applied", snapshot));
        publisher.publish(ReplicaApplied.of(site, manifest.sourceSite(), volumeId, snapshot,
                manifest.baseSnapshot(), result.appliedBytes(), shippedBytes, manifest.snapshotTakenAt()));
        LOG.infof("applied %s to the replica at site %s: %d bytes written, %d bytes shipped", manifest.describe(),
                site, result.appliedBytes(), shippedBytes);
        forgetUpTo(volumeId, snapshot);
        return new CommitResult(volumeId, snapshot, TransferStatus.APPLIED, result.appliedBytes(), shippedBytes);
    }

    private void freeze(Manifest manifest) {
        String reason = "applying snapshot " + manifest.snapshot() + " from " + manifest.sourceSite();
        try {
            if (store.volume(manifest.volumeId()).frozen()) {
                return;
            }
            store.freeze(manifest.volumeId(), reason);
        } catch (BlockStoreException e) {
            throw StoreFailures.of("freeze the replica of volume " + manifest.volumeId() + " at site " + site, e);
        }
        publisher.publish(VolumeFrozen.of(site, manifest.volumeId(), true, reason, manifest.snapshot()));
    }

    /** Staged deltas up to the applied snapshot are of no further use. */
    private void forgetUpTo(String volumeId, long snapshot) {
        for (long staged : staging.stagedSnapshots(volumeId)) {
            if (staged <= snapshot) {
                staging.discard(volumeId, staged);
            }
        }
    }
}
