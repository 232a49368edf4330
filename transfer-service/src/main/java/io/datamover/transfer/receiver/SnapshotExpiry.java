package io.datamover.transfer.receiver;

import io.datamover.blockstore.api.VolumeInfo;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.transfer.config.TransferConfig;
import io.datamover.transfer.domain.ReplicaRetention;
import io.datamover.transfer.domain.TransferException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Deletes the snapshots a replica keeps no longer ({@code datamover.transfer.replica.retain}), after each apply. Only
 * a replica's: a volume promoted here is the snapshot-service's, whose retention knows the base its targets need.
 * Nothing here fails an apply: a snapshot that cannot be deleted (held, cloned, the API down) is logged and tried
 * again after the replica's next apply.
 */
@ApplicationScoped
public class SnapshotExpiry {

    private static final Logger LOG = Logger.getLogger(SnapshotExpiry.class);

    private final ReplicaStore replicas;
    private final String site;
    private final int retain;

    @Inject
    public SnapshotExpiry(TransferConfig config, ReplicaStore replicas) {
        this(replicas, config.site(), config.transfer().replica().retain());
    }

    public SnapshotExpiry(ReplicaStore replicas, String site, int retain) {
        this.replicas = replicas;
        this.site = site;
        this.retain = retain;
    }

    /** Deletes the replica's snapshots older than its newest {@code retain}, never its consistent one. */
    public void expire(String volumeId) {
        try {
            Optional<VolumeInfo> replica = replicas.find(volumeId).filter(v -> v.role() == VolumeRole.REPLICA);
            if (replica.isEmpty()) {
                LOG.debugf("volume %s at site %s is no replica: its snapshots are not this service's to delete",
                        volumeId, site);
                return;
            }
            for (long snapshot : ReplicaRetention.expired(replicas.snapshots(volumeId), retain,
                    replica.get().consistentSnapshot())) {
                delete(volumeId, snapshot);
            }
        } catch (RuntimeException e) {
            LOG.warnf("cannot apply retention to the replica of volume %s at site %s, trying again after its next"
                    + " apply: %s", volumeId, site, e.toString());
        }
    }

    private void delete(String volumeId, long snapshot) {
        try {
            replicas.deleteSnapshot(volumeId, snapshot);
            LOG.infof("deleted snapshot %d of the replica of volume %s at site %s (retain %d)", snapshot, volumeId,
                    site, retain);
        } catch (TransferException e) {
            LOG.warnf("snapshot %d of the replica of volume %s at site %s stays until its next apply: %s", snapshot,
                    volumeId, site, e.getMessage());
        }
    }
}
