package io.datamover.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A step of placement's decision {@code decisionId} about volume group {@code groupId}: move its
 * primary from {@code fromSite} to {@code site} (switchover, failover), bring a copy back in line
 * (resync), or give up (abort), with the cause that triggered it.
 *
 * @param site the target site of the decision
 * @param step the step of the decision's state machine this event records (e.g. {@code freeze}, {@code commit})
 */
public record PlacementDecision(
        int schemaVersion,
        String eventId,
        Instant timestamp,
        String decisionId,
        DecisionType type,
        String step,
        String groupId,
        List<String> volumeIds,
        String fromSite,
        String site,
        String cause) implements Event {

    public PlacementDecision {
        Fields.schemaVersion(schemaVersion);
        Fields.required("eventId", eventId);
        Fields.required("timestamp", timestamp);
        Fields.required("decisionId", decisionId);
        Fields.required("type", type);
        Fields.required("step", step);
        Fields.id("groupId", groupId);
        volumeIds = Fields.ids("volumeIds", volumeIds);
        Fields.id("fromSite", fromSite);
        Fields.id("site", site);
        Fields.required("cause", cause);
    }

    public static PlacementDecision of(String decisionId, DecisionType type, String step, String groupId,
            List<String> volumeIds, String fromSite, String site, String cause) {
        return new PlacementDecision(Versions.CURRENT, UUID.randomUUID().toString(), Instant.now(), decisionId, type,
                step, groupId, volumeIds, fromSite, site, cause);
    }

    @Override
    public String key() {
        return groupId;
    }
}
