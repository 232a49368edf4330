package io.datamover.transfer.receiver;

import io.datamover.events.EventPublisher;
import io.datamover.events.ReplicaApplied;
import io.datamover.events.VolumeFrozen;
import io.datamover.transfer.config.TransferConfig;
import io.datamover.transfer.domain.Manifest;
import io.datamover.transfer.domain.Receipt;
import io.datamover.transfer.peer.CommitResult;
import io.datamover.transfer.peer.TransferStatus;
import io.datamover.transfer.storage.StagingArea;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import org.jboss.logging.Logger;

/**
 * Brings a replica to a received snapshot: frozen when the delta begins, sealed once every chunk is written and the
 * source committed, then thawed, announced, its receipts forgotten and its oldest snapshots deleted
 * ({@link SnapshotExpiry}, which fails nothing). Every step can be repeated: after a crash a committed delta is sealed
 * again, and the replica stays frozen until a seal has completed, so no reader sees it half-applied; its consistent
 * snapshot stays readable throughout. The replica is the block store's or a csi claim ({@link ReplicaStore});
 * either way the snapshot is announced applied only once the store sealed it.
 */
@ApplicationScoped
public class ReplicaApplier {

    private static final Logger LOG = Logger.getLogger(ReplicaApplier.class);

    private final String site;
    private final ReplicaStore replicas;
    private final StagingArea staging;
    private final EventPublisher publisher;
    private final SnapshotExpiry expiry;

    public ReplicaApplier(TransferConfig config, ReplicaStore replicas, StagingArea staging,
            EventPublisher publisher, SnapshotExpiry expiry) {
        this.site = config.site();
        this.replicas = replicas;
        this.staging = staging;
        this.publisher = publisher;
        this.expiry = expiry;
    }

    /** Seals a delta whose chunks are all written, verified and which is marked committed. */
    CommitResult seal(Manifest manifest) {
        String volumeId = manifest.volumeId();
        long snapshot = manifest.snapshot();
        Collection<Receipt> receipts = staging.receipts(manifest).values();
        long appliedBytes = receipts.stream().mapToLong(r -> r.coverage().dataBytes()).sum();
        long shippedBytes = receipts.stream().mapToLong(Receipt::bodyBytes).sum();
        long wireBytes = receipts.stream().mapToLong(Receipt::wireBytes).sum();
        freeze(manifest);
        replicas.seal(manifest);
        publisher.publish(VolumeFrozen.of(site, volumeId, false, "snapshot " + snapshot + " applied", snapshot));
        publisher.publish(ReplicaApplied.of(site, manifest.sourceSite(), volumeId, snapshot,
                manifest.baseSnapshot(), appliedBytes, shippedBytes, manifest.snapshotTakenAt()));
        LOG.infof("applied %s to the replica at site %s: %d bytes written, %d bytes shipped, %d on the wire",
                manifest.describe(), site, appliedBytes, shippedBytes, wireBytes);
        forgetUpTo(volumeId, snapshot);
        expiry.expire(volumeId);
        return new CommitResult(volumeId, snapshot, TransferStatus.APPLIED, appliedBytes, shippedBytes);
    }

    /** Freezes the replica for the delta, unless it is frozen already; announces it. */
    void freeze(Manifest manifest) {
        String reason = "applying snapshot " + manifest.snapshot() + " from " + manifest.sourceSite();
        if (!replicas.freeze(manifest, reason)) {
            return;
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
