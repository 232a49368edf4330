package io.datamover.snapshot.kafka;

import io.datamover.events.Topics;
import io.datamover.snapshot.config.SnapshotConfig;
import io.datamover.snapshot.domain.CatchUp;
import io.datamover.snapshot.domain.ProtectionException;
import io.datamover.snapshot.domain.ProtectionException.Reason;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Tells whether {@link ReplicaAppliedConsumer} has rebuilt the replication progress: whether it has
 * read {@code replica-applied} up to the offsets the topic had when this service started.
 */
@Singleton
public class ProgressRebuild {

    private static final Logger LOG = Logger.getLogger(ProgressRebuild.class);

    private static final int TIMEOUT_SECONDS = 10;

    private final String site;
    private final String bootstrapServers;
    private final CatchUp catchUp;

    public ProgressRebuild(SnapshotConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, CatchUp catchUp) {
        this.site = config.site();
        this.bootstrapServers = bootstrapServers;
        this.catchUp = catchUp;
    }

    /** Whether the progress is complete; false while the broker cannot tell the offsets to reach. */
    public boolean isComplete() {
        try {
            findTarget();
        } catch (IllegalStateException e) {
            LOG.warnf("site %s waits for the replication progress: %s", site, e.getMessage());
            return false;
        }
        return catchUp.isCaughtUp();
    }

    /**
     * Checks that the progress is complete, before a snapshot on request chooses its base.
     *
     * @throws ProtectionException NOT_READY while it is not
     */
    public void requireComplete() {
        if (!isComplete()) {
            throw new ProtectionException(Reason.NOT_READY, null, "site " + site
                    + " is still reading the replication progress; try again shortly");
        }
    }

    /** Asks the broker once for the offsets of {@code replica-applied}. */
    private void findTarget() {
        if (catchUp.knowsTarget()) {
            return;
        }
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_SECONDS * 1000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_SECONDS * 1000))) {
            List<TopicPartition> partitions = admin.describeTopics(List.of(Topics.REPLICA_APPLIED))
                    .allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .get(Topics.REPLICA_APPLIED).partitions().stream()
                    .map(p -> new TopicPartition(Topics.REPLICA_APPLIED, p.partition()))
                    .toList();
            Map<TopicPartition, ListOffsetsResultInfo> beginning = offsets(admin, partitions, OffsetSpec.earliest());
            Map<TopicPartition, ListOffsetsResultInfo> end = offsets(admin, partitions, OffsetSpec.latest());
            Map<Integer, CatchUp.Range> ranges = new HashMap<>();
            partitions.forEach(p -> ranges.put(p.partition(),
                    new CatchUp.Range(beginning.get(p).offset(), end.get(p).offset())));
            catchUp.reach(ranges);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                catchUp.reach(Map.of());
                return;
            }
            throw new IllegalStateException("cannot read the offsets of " + Topics.REPLICA_APPLIED + ": "
                    + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the broker did not tell the offsets of " + Topics.REPLICA_APPLIED
                    + " within " + TIMEOUT_SECONDS + "s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the offsets of " + Topics.REPLICA_APPLIED, e);
        }
    }

    private static Map<TopicPartition, ListOffsetsResultInfo> offsets(Admin admin, List<TopicPartition> partitions,
            OffsetSpec spec) throws ExecutionException, InterruptedException, TimeoutException {
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(), p -> spec)))
                .all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
