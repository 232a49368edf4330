package io.datamover.cbt.service;

import io.datamover.cbt.config.CbtConfig;
import io.datamover.cbt.domain.ChangeQuery;
import io.datamover.cbt.domain.ChangeTrackingException;
import io.datamover.cbt.domain.ChangedSet;
import io.datamover.cbt.domain.Delta;
import io.datamover.cbt.grpc.NoMetadataServiceException;
import io.datamover.cbt.grpc.SnapshotMetadataReader;
import io.datamover.events.SnapshotTaken;
import io.datamover.service.retry.Backoff;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Finds the changed set of a snapshot: the delta from its base (by CBT, or by checksum when the store says it
 * compared content), or every allocated block when it has none or the service cannot give a delta from it
 * (FAILED_PRECONDITION: the base is gone, or the driver tracks no changes for it), or every byte of the volume when
 * the storage has no SnapshotMetadata service at all. Other failures are retried with backoff.
 */
@Singleton
public class ChangeTracker {

    private static final Logger LOG = Logger.getLogger(ChangeTracker.class);

    private final String site;
    private final SnapshotMetadataReader metadata;
    private final Backoff backoff;
    private final boolean csiReferences;

    public ChangeTracker(CbtConfig config, SnapshotMetadataReader metadata) {
        this.site = config.site();
        this.metadata = metadata;
        this.backoff = new Backoff(config.cbt().attempts(), config.cbt().retryBackoff());
        this.csiReferences = config.cbt().discovery() == CbtConfig.Discovery.KUBERNETES;
    }

    /**
     * The changed set of the snapshot. In Kubernetes mode the requests name the snapshot's VolumeSnapshots when its
     * event has them (the csi backend); the embedded store's names otherwise, and always in static mode.
     */
    public ChangedSet changedSet(SnapshotTaken snapshot) {
        ChangeQuery query = csiReferences ? ChangeQuery.of(snapshot) : ChangeQuery.embedded(snapshot);
        for (int attempt = 1;; attempt++) {
            try {
                return find(snapshot, query);
            } catch (NoMetadataServiceException e) {
                LOG.warnf("no changed set of snapshot %d (base %s) of volume %s at site %s: %s; copying all %d bytes"
                        + " of the volume", snapshot.snapshot(), query.baseSnapshot() == null ? "none"
                        : query.baseSnapshot(), snapshot.volumeId(), site, e.getMessage(), snapshot.volumeBytes());
                return ChangedSet.wholeVolume(snapshot, e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new ChangeTrackingException("the SnapshotMetadata service answered snapshot "
                        + snapshot.snapshot() + " of volume " + snapshot.volumeId() + " at site " + site
                        + " with invalid extents: " + e.getMessage(), e);
            } catch (StatusRuntimeException e) {
                if (!backoff.triesAgainAfter(attempt)) {
                    throw new ChangeTrackingException("cannot find the changed set of snapshot " + snapshot.snapshot()
                            + " of volume " + snapshot.volumeId() + " at site " + site + " after " + attempt
                            + " attempts: " + e.getStatus(), e);
                }
                Duration delay = backoff.waitAfter(attempt);
                LOG.warnf("SnapshotMetadata call for snapshot %d of volume %s at site %s failed (%s), retrying in %d ms",
                        snapshot.snapshot(), snapshot.volumeId(), site, e.getStatus(), delay.toMillis());
                pause(delay);
            }
        }
    }

    private ChangedSet find(SnapshotTaken snapshot, ChangeQuery query) {
        String fallback = null;
        if (query.lacksBaseHandle()) {
            fallback = "no delta from snapshot " + query.baseSnapshot() + ": the event names no VolumeSnapshot of it";
            LOG.warnf("no delta from snapshot %d to %d of volume %s at site %s (%s): copying in full",
                    query.baseSnapshot(), query.snapshot(), query.volumeId(), site, query.csi());
            query = query.full();
        }
        if (query.baseSnapshot() != null) {
            try {
                Delta delta = metadata.delta(query);
                if (delta.method() != query.method()) {
                    LOG.infof("changed set of snapshot %d of volume %s at site %s since %d found by %s: the store did"
                            + " not trust its changed block tracking", query.snapshot(), query.volumeId(), site,
                            query.baseSnapshot(), delta.method().code());
                }
                return new ChangedSet(snapshot, delta.method(), query.baseSnapshot(), delta.extents());
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.FAILED_PRECONDITION) {
                    throw e;
                }
                fallback = "no delta from snapshot " + query.baseSnapshot() + ": " + e.getStatus().getDescription();
                LOG.warnf("no delta from snapshot %d to %d of volume %s at site %s (%s): copying in full",
                        query.baseSnapshot(), query.snapshot(), query.volumeId(), site, e.getStatus().getDescription());
                query = query.full();
            }
        }
        return new ChangedSet(snapshot, query.method(), null, metadata.allocated(query), fallback);
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", e);
        }
    }
}
