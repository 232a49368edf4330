package io.datamover.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The copy of {@code volumeId} at {@code site} was frozen ({@code frozen = true}: no consumer may
 * read or write it) or thawed, and why.
 *
 * @param snapshot the snapshot being applied or taken while frozen, if any
 */
public record VolumeFrozen(
        int schemaVersion,
        String eventId,
        Instant timestamp,
        String site,
        String volumeId,
        boolean frozen,
        String reason,
        Long snapshot) implements Event {

    public VolumeFrozen {
        Fields.schemaVersion(schemaVersion);
        Fields.required("eventId", eventId);
        Fields.required("timestamp", timestamp);
        Fields.id("site", site);
        Fields.id("volumeId", volumeId);
        Fields.required("reason", reason);
    }

    public static VolumeFrozen of(String site, String volumeId, boolean frozen, String reason, Long snapshot) {
        return new VolumeFrozen(Versions.CURRENT, UUID.randomUUID().toString(), Instant.now(), site, volumeId,
                frozen, reason, snapshot);
    }

    @Override
    public String key() {
        return volumeId;
    }
}
