package io.datamover.snapshot.service;

import io.datamover.blockstore.api.BlockStoreException;
import io.datamover.snapshot.config.SnapshotConfig;
import io.datamover.snapshot.domain.Protection;
import io.datamover.snapshot.domain.ProtectionException;
import io.datamover.snapshot.kafka.ProgressRebuild;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Ticks every second through the protections and takes the snapshots that are due. A failing store
 * or broker only costs the volume concerned its tick: it is tried again on the next one.
 */
@Singleton
public class SnapshotScheduler {

    private static final Logger LOG = Logger.getLogger(SnapshotScheduler.class);

    private final String site;
    private final Protections protections;
    private final SnapshotCycle cycle;
    private final ProgressRebuild progressRebuild;
    /** The last failure logged per volume, so that a store that stays down is not logged every second. */
    private final Map<String, String> failures = new ConcurrentHashMap<>();

    public SnapshotScheduler(SnapshotConfig config, Protections protections, SnapshotCycle cycle,
            ProgressRebuild progressRebuild) {
        this.site = config.site();
        this.protections = protections;
        this.cycle = cycle;
        this.progressRebuild = progressRebuild;
    }

    /** Decides on bases and back-pressure only once the replication progress is rebuilt after a start. */
    @Scheduled(every = "1s", concurrentExecution = ConcurrentExecution.SKIP)
    void tick() {
        if (!progressRebuild.isComplete()) {
            return;
        }
        Instant now = Instant.now();
        for (Protection protection : protections.all()) {
            try {
                cycle.runIfDue(protection, now);
                recovered(protection.volumeId());
            } catch (RuntimeException e) {
                failed(protection.volumeId(), e);
            }
        }
    }

    private void failed(String volumeId, RuntimeException e) {
        String message = String.valueOf(e.getMessage());
        if (message.equals(failures.put(volumeId, message))) {
            LOG.debugf("snapshot of volume %s at site %s still failing: %s", volumeId, site, message);
        } else if (e instanceof ProtectionException || e instanceof BlockStoreException) {
            LOG.warnf("no snapshot of volume %s at site %s, trying again on the next tick: %s", volumeId, site,
                    message);
        } else {
            LOG.warnf(e, "snapshot of volume %s at site %s failed, retrying on the next tick", volumeId, site);
        }
    }

    private void recovered(String volumeId) {
        if (failures.remove(volumeId) != null) {
            LOG.infof("snapshots of volume %s at site %s are running again", volumeId, site);
        }
    }
}
