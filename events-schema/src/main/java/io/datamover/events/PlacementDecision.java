package io.datamover.events;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A step of placement's decision {@code decisionId} about volume group {@code groupId}: move its
 * primary from {@code fromSite} to {@code site} (switchover, failover), bring a copy back in line
 * (resync), or give up (abort), with the cause that triggered it.
 *
 * @param site the target site of the decision
 * @param step the step of the decision's state machine this event records (e.g. {@code freeze}, {@code commit})
 * @param snapshots the snapshot of each volume the step is about, where it names one: a failover's promoted snapshots
 *     (the last ones both sites hold), a resync's common snapshots at {@code rejoin} and the snapshots its returning
 *     site holds at {@code resynced}; empty otherwise (never null once read)
 * @param groupPriority the priority the group announced with its snapshots when placement opened the decision (their
 *     {@code groupPriority}), so that a site that takes the group over without a definition of its own announces it
 *     too; absent when the group announced none and in events written before the field
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
        String cause,
        SortedMap<String, Long> snapshots,
        Integer groupPriority) implements Event {

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
        snapshots = snapshots == null ? Collections.emptySortedMap() : Collections.unmodifiableSortedMap(
                new TreeMap<>(snapshots));
        snapshots.forEach((volumeId, snapshot) -> {
            Fields.id("snapshots", volumeId);
            if (snapshot == null || snapshot < 1) {
                throw new IllegalArgumentException("field 'snapshots' must give each volume a snapshot of 1 or"
                        + " more, was " + snapshot + " for volume " + volumeId);
            }
        });
        Fields.priority("groupPriority", groupPriority);
    }

    /** A step without the group's priority. */
    public PlacementDecision(int schemaVersion, String eventId, Instant timestamp, String decisionId,
            DecisionType type, String step, String groupId, List<String> volumeIds, String fromSite, String site,
            String cause, SortedMap<String, Long> snapshots) {
        this(schemaVersion, eventId, timestamp, decisionId, type, step, groupId, volumeIds, fromSite, site, cause,
                snapshots, null);
    }

    /** A step that names no snapshot. */
    public PlacementDecision(int schemaVersion, String eventId, Instant timestamp, String decisionId,
            DecisionType type, String step, String groupId, List<String> volumeIds, String fromSite, String site,
            String cause) {
        this(schemaVersion, eventId, timestamp, decisionId, type, step, groupId, volumeIds, fromSite, site, cause,
                null, null);
    }

    public static PlacementDecision of(String decisionId, DecisionType type, String step, String groupId,
            List<String> volumeIds, String fromSite, String site, String cause) {
        return new PlacementDecision(Versions.CURRENT, UUID.randomUUID().toString(), Instant.now(), decisionId, type,
                step, groupId, volumeIds, fromSite, site, cause, null, null);
    }

    /** The same step with the group's priority (null for none). */
    public PlacementDecision withGroupPriority(Integer priority) {
        return new PlacementDecision(schemaVersion, eventId, timestamp, decisionId, type, step, groupId, volumeIds,
                fromSite, site, cause, snapshots, priority);
    }

    /** The snapshot the step names for {@code volumeId}, if any. */
    public Long snapshotOf(String volumeId) {
        return snapshots.get(volumeId);
    }

    @Override
    public String key() {
        return groupId;
    }
}
