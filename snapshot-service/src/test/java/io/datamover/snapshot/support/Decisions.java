package io.datamover.snapshot.support;

import io.datamover.events.DecisionType;
import io.datamover.events.EventPublisher;
import io.datamover.events.PlacementDecision;
import io.datamover.events.Topics;
import io.datamover.events.VolumeFrozen;
import io.datamover.runtime.TestEvents;
import io.datamover.runtime.TopicReader;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;

/**
 * Placement's side of a switchover for a test: publishes the steps of decisions about one group, as the coordinator
 * would, and reads the {@code volume-frozen} events its volumes get, from the beginning of the topic.
 */
public final class Decisions implements AutoCloseable {

    public static final String SITE = BlockStoreResource.SITE;
    public static final String OTHER_SITE = "falkenberg";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final String groupId;
    private final List<String> volumeIds;
    private final EventPublisher placement = TestEvents.publisher(OTHER_SITE, "placement-service");
    private final TopicReader frozen;

    private Decisions(String groupId, List<String> volumeIds) {
        this.groupId = groupId;
        this.volumeIds = List.copyOf(volumeIds);
        Set<String> keys = Set.copyOf(volumeIds);
        this.frozen = TopicReader.fromBeginning(Topics.VOLUME_FROZEN, record -> keys.contains(record.key()));
    }

    public static Decisions of(String groupId, List<String> volumeIds) {
        return new Decisions(groupId, volumeIds);
    }

    /** A new decision's step about the group, moving it from {@code fromSite} to {@code site}. */
    public PlacementDecision decision(DecisionType type, String step, String fromSite, String site) {
        return PlacementDecision.of("test-" + UUID.randomUUID(), type, step, groupId, volumeIds, fromSite, site,
                "cooling capacity of " + fromSite + " below the load");
    }

    /** The same decision at its next step, as the coordinator publishes it. */
    public static PlacementDecision next(PlacementDecision decision, DecisionType type, String step) {
        return PlacementDecision.of(decision.decisionId(), type, step, decision.groupId(), decision.volumeIds(),
                decision.fromSite(), decision.site(), decision.cause());
    }

    public PlacementDecision publish(PlacementDecision decision) {
        placement.publish(decision);
        return decision;
    }

    /** Every {@code volume-frozen} of the decision read so far. */
    public List<VolumeFrozen> frozen(PlacementDecision decision) {
        return frozen.events(VolumeFrozen.class, event -> decision.decisionId().equals(event.decisionId()));
    }

    /** Waits for {@code count} {@code volume-frozen} events of the decision with that {@code frozen} flag. */
    public List<VolumeFrozen> awaitFrozen(PlacementDecision decision, boolean isFrozen, int count) {
        return Awaitility.await().atMost(WAIT).until(() -> frozen(decision).stream()
                .filter(event -> event.frozen() == isFrozen).toList(), events -> events.size() >= count);
    }

    @Override
    public void close() {
        frozen.close();
        placement.close();
    }
}
