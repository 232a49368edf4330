package io.datamover.snapshot.kafka;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Where this site's snapshot-service starts reading {@code placement-decision} when its consumer group has no offset
 * yet (the site's first start, or every start before it ever carried out a decision): at the decisions published
 * since a minute before it started, not at the end of the topic. Starting at the end would skip whatever is published
 * between the start and the assignment of the partitions: a returning site missed the {@code rejoin} of its own
 * resync that way. The minute covers the clock skew between sites; a step is carried out at least once anyway.
 *
 * <p>The position is committed at once, so that a site killed before it carried out any decision resumes, when it
 * comes back, from where it started: it then reads the failover decided about it while it was away and fences its
 * volumes. Partitions with a committed offset resume from it, as usual.
 */
@ApplicationScoped
@Identifier(DecisionsSinceStart.NAME)
public class DecisionsSinceStart implements KafkaConsumerRebalanceListener {

    public static final String NAME = "placement-decisions-since-start";
    static final Duration SKEW = Duration.ofMinutes(1);

    private static final Logger LOG = Logger.getLogger(DecisionsSinceStart.class);

    private final Instant readFrom = Instant.now().minus(SKEW);

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
        Map<TopicPartition, Long> fresh = new HashMap<>();
        for (TopicPartition partition : partitions) {
            if (committed.get(partition) == null) {
                fresh.put(partition, readFrom.toEpochMilli());
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(fresh);
        Map<TopicPartition, Long> ends = consumer.endOffsets(fresh.keySet());
        Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
        for (TopicPartition partition : fresh.keySet()) {
            OffsetAndTimestamp since = found.get(partition);
            long offset = since != null ? since.offset() : ends.get(partition);
            consumer.seek(partition, offset);
            start.put(partition, new OffsetAndMetadata(offset));
        }
        consumer.commitSync(start);
        LOG.infof("no placement decision read yet: reading those published since %s (offsets %s)", readFrom, start);
    }
}
