package io.datamover.snapshot.kafka;

import io.datamover.events.EventFormatException;
import io.datamover.events.EventJson;
import io.datamover.events.PlacementDecision;
import io.datamover.snapshot.service.Switchovers;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Follows {@code placement-decision} and carries out this site's part of each switchover, one decision after the
 * other, at least once: the offset is committed once the decision is carried out or given up. A malformed record is
 * nacked and goes to the dead-letter topic with the reason.
 */
@ApplicationScoped
public class PlacementDecisionConsumer {

    public static final String CHANNEL = "placement-decision";

    private static final Logger LOG = Logger.getLogger(PlacementDecisionConsumer.class);

    private final Switchovers switchovers;

    public PlacementDecisionConsumer(Switchovers switchovers) {
        this.switchovers = switchovers;
    }

    @Incoming(CHANNEL)
    @Blocking(ordered = true)
    public void consume(String payload) {
        PlacementDecision decision;
        try {
            decision = EventJson.read(payload, PlacementDecision.class);
        } catch (EventFormatException | IllegalArgumentException e) {
            LOG.warnf("rejected a placement-decision record: %s", e.getMessage());
            throw e;
        }
        switchovers.carryOut(decision);
    }
}
