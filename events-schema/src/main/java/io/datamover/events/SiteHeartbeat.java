package io.datamover.events;

import java.time.Instant;
import java.util.UUID;

/** {@code service} at {@code site} is alive. */
public record SiteHeartbeat(
        int schemaVersion,
        String eventId,
        Instant timestamp,
        String site,
        String service) implements Event {

    public SiteHeartbeat {
        Fields.schemaVersion(schemaVersion);
        Fields.required("eventId", eventId);
        Fields.required("timestamp", timestamp);
        Fields.id("site", site);
        Fields.id("service", service);
    }

    public static SiteHeartbeat of(String site, String service) {
        return new SiteHeartbeat(Versions.CURRENT, UUID.randomUUID().toString(), Instant.now(), site, service);
    }

    @Override
    public String key() {
        return site;
    }
}
