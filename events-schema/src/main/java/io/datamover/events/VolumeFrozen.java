package io.datamover.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The copy of {@code volumeId} at {@code site} was frozen ({@code frozen = true}: no consumer may
 * read or write it) or thawed, and why.
 *
 * @param snapshot the snapshot being applied or taken while frozen, if any
 * @param decisionId the placement decision the freeze or thaw carries out (a switchover's freeze of its source, the
 *     thaw of its promoted target), absent otherwise
 */
public record VolumeFrozen(
        int schemaVersion,
        String eventId,
        Instant timestamp,
        String site,
        String volumeId,
        boolean frozen,
        String reason,
        Long snapshot,
        String decisionId) implements Event {

    public VolumeFrozen {
        Fields.schemaVersion(schemaVersion);
        Fields.required("eventId", eventId);
        Fields.required("timestamp", timestamp);
        Fields.id("site", site);
        Fields.id("volumeId", volumeId);
        Fields.required("reason", reason);
    }

    /** A freeze or thaw that carries out no placement decision. */
    public VolumeFrozen(int schemaVersion, String eventId, Instant timestamp, String site, String volumeId,
            boolean frozen, String reason, Long snapshot) {
        this(schemaVersion, eventId, timestamp, site, volumeId, frozen, reason, snapshot, null);
    }

    public static VolumeFrozen of(String site, String volumeId, boolean frozen, String reason, Long snapshot) {
        return new VolumeFrozen(Versions.CURRENT, UUID.randomUUID().toString(), Instant.now(), site, volumeId,
                frozen, reason, snapshot, null);
    }

    /** A freeze or thaw carried out for placement decision {@code decisionId}. */
    public static VolumeFrozen forDecision(String decisionId, String site, String volumeId, boolean frozen,
            String reason, Long snapshot) {
        return new VolumeFrozen(Versions.CURRENT, UUID.randomUUID().toString(), Instant.now(), site, volumeId,
                frozen, reason, snapshot, Fields.required("decisionId", decisionId));
    }

    @Override
    public String key() {
        return volumeId;
    }
}
