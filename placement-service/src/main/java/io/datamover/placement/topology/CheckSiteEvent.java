package io.datamover.placement.topology;

import io.datamover.events.SiteMetrics;
import io.datamover.placement.domain.SitePolicy;
import io.datamover.placement.domain.SiteRules;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Turns a well-formed site-metrics event that the policy cannot take (an unknown site, a reading from the future)
 * into a malformed record with the reason, before it can reach the coordinator.
 */
final class CheckSiteEvent implements FixedKeyProcessor<String, Parsed, Parsed> {

    private static final Logger LOG = Logger.getLogger(CheckSiteEvent.class);

    private final SitePolicy policy;
    private FixedKeyProcessorContext<String, Parsed> context;

    CheckSiteEvent(SitePolicy policy) {
        this.policy = policy;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Parsed> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, Parsed> record) {
        Parsed parsed = record.value();
        if (!parsed.isValid() || !(parsed.event() instanceof SiteMetrics metrics)) {
            context.forward(record);
            return;
        }
        Optional<String> rejection = SiteRules.rejection(metrics, policy,
                Instant.ofEpochMilli(context.currentSystemTimeMs()));
        if (rejection.isEmpty()) {
            context.forward(record);
            return;
        }
        RecordMetadata source = context.recordMetadata().orElseThrow();
        LOG.warnf("dead-lettering site-metrics %s of site %s: %s", metrics.eventId(), metrics.site(),
                rejection.get());
        context.forward(record.withValue(Parsed.malformed(parsed.payload()))
                .withHeaders(ParseEvent.deadLetterHeaders(record.headers(), source, rejection.get())));
    }
}
