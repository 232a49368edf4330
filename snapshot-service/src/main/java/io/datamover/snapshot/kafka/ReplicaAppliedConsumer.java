package io.datamover.snapshot.kafka;

import io.datamover.events.EventFormatException;
import io.datamover.events.EventJson;
import io.datamover.events.ReplicaApplied;
import io.datamover.snapshot.domain.CatchUp;
import io.datamover.snapshot.domain.ReplicationProgress;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Follows {@code replica-applied} from the beginning of the topic, so that the progress of every
 * replica of this site's volumes is known again after a restart. Malformed events go to the
 * dead-letter topic.
 */
@ApplicationScoped
public class ReplicaAppliedConsumer {

    public static final String CHANNEL = "replica-applied";

    private static final Logger LOG = Logger.getLogger(ReplicaAppliedConsumer.class);

    private final ReplicationProgress progress;
    private final CatchUp catchUp;

    public ReplicaAppliedConsumer(ReplicationProgress progress, CatchUp catchUp) {
        this.progress = progress;
        this.catchUp = catchUp;
    }

    @Incoming(CHANNEL)
    public CompletionStage<Void> consume(Message<String> message) {
        message.getMetadata(IncomingKafkaRecordMetadata.class)
                .ifPresent(record -> catchUp.consumed(record.getPartition(), record.getOffset()));
        ReplicaApplied event;
        try {
            event = EventJson.read(message.getPayload(), ReplicaApplied.class);
        } catch (EventFormatException | IllegalArgumentException e) {
            LOG.warnf("rejected a replica-applied record: %s", e.getMessage());
            return message.nack(e);
        }
        if (progress.record(event)) {
            LOG.debugf("replica of volume %s at site %s is consistent at snapshot %d", event.volumeId(),
                    event.site(), event.snapshot());
        }
        return message.ack();
    }
}
