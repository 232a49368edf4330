package io.datamover.events;

import java.time.Instant;
import java.util.UUID;

/**
 * An operator asks placement to move volume group {@code groupId} away from its primary site now, whatever the
 * site's metrics say. The placement-service of the group's primary site coordinates the switchover.
 *
 * @param targetSite the site to move to; absent to let placement choose by headroom
 * @param reason why, in the operator's words; becomes the decision's cause
 */
public record SwitchoverRequested(
        int schemaVersion,
        String eventId,
        Instant timestamp,
        String groupId,
        String targetSite,
        String reason) implements Event {

    public SwitchoverRequested {
        Fields.schemaVersion(schemaVersion);
        Fields.required("eventId", eventId);
        Fields.required("timestamp", timestamp);
        Fields.id("groupId", groupId);
        if (targetSite != null) {
            Fields.id("targetSite", targetSite);
        }
        Fields.required("reason", reason);
    }

    public static SwitchoverRequested of(String groupId, String targetSite, String reason) {
        return new SwitchoverRequested(Versions.CURRENT, UUID.randomUUID().toString(), Instant.now(), groupId,
                targetSite, reason);
    }

    @Override
    public String key() {
        return groupId;
    }

    /** The site asked for, absent when placement is to choose. */
    @Override
    public String site() {
        return targetSite;
    }
}
