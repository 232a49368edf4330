package io.datamover.snapshot.service;

import io.datamover.blockstore.api.BlockStoreException;
import io.datamover.snapshot.config.SnapshotConfig;
import io.datamover.snapshot.domain.ProtectionException;
import io.datamover.snapshot.kafka.ProgressRebuild;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Ticks every second through the protections and the groups and takes the snapshots that are due.
 * A failing store or broker only costs the volume or group concerned its tick: it is tried again on
 * the next one. Groups tick apart from single volumes, so that a slow hook holds back no volume. A volume or group
 * with a volume that is no writable primary here (frozen by a switchover, a replica, not here yet) is passed over
 * without a warning.
 */
@Singleton
public class SnapshotScheduler {

    private static final Logger LOG = Logger.getLogger(SnapshotScheduler.class);

    private final String site;
    private final Protections protections;
    private final Groups groups;
    private final SnapshotCycle cycle;
    private final GroupCycle groupCycle;
    private final ProgressRebuild progressRebuild;
    /** The last failure logged per volume or group, so that a store that stays down is not logged every second. */
    private final Map<String, String> failures = new ConcurrentHashMap<>();

    public SnapshotScheduler(SnapshotConfig config, Protections protections, Groups groups, SnapshotCycle cycle,
            GroupCycle groupCycle, ProgressRebuild progressRebuild) {
        this.site = config.site();
        this.protections = protections;
        this.groups = groups;
        this.cycle = cycle;
        this.groupCycle = groupCycle;
        this.progressRebuild = progressRebuild;
    }

    @Scheduled(every = "1s", concurrentExecution = ConcurrentExecution.SKIP)
    void tick() {
        runDue(protections.all(), protection -> "volume " + protection.volumeId(), cycle::runIfDue);
    }

    @Scheduled(every = "1s", concurrentExecution = ConcurrentExecution.SKIP)
    void tickGroups() {
        runDue(groups.all(), group -> "group " + group.groupId(), groupCycle::runIfDue);
    }

    /** Decides on bases and back-pressure only once the replication progress is rebuilt after a start. */
    private <T> void runDue(List<T> scheduled, Function<T, String> subject, BiConsumer<T, Instant> runIfDue) {
        if (!progressRebuild.isComplete()) {
            return;
        }
        Instant now = Instant.now();
        for (T one : scheduled) {
            try {
                runIfDue.accept(one, now);
                recovered(subject.apply(one));
            } catch (RuntimeException e) {
                failed(subject.apply(one), e);
            }
        }
    }

    private void failed(String subject, RuntimeException e) {
        String message = String.valueOf(e.getMessage());
        if (message.equals(failures.put(subject, message))) {
            LOG.debugf("snapshot of %s at site %s still failing: %s", subject, site, message);
        } else if (e instanceof ProtectionException || e instanceof BlockStoreException) {
            LOG.warnf("no snapshot of %s at site %s, trying again later: %s", subject, site, message);
        } else {
            LOG.warnf(e, "snapshot of %s at site %s failed, retrying later", subject, site);
        }
    }

    private void recovered(String subject) {
        if (failures.remove(subject) != null) {
            LOG.infof("snapshots of %s at site %s are running again", subject, site);
        }
    }
}
