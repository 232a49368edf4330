package io.datamover.events;

import java.time.Instant;
import java.util.UUID;

/** Power and cooling of {@code site}, as reported by its facility systems, in kilowatts. */
public record SiteMetrics(
        int schemaVersion,
        String eventId,
        Instant timestamp,
        String site,
        double powerAvailableKw,
        double powerDrawKw,
        double coolingCapacityKw,
        double heatLoadKw) implements Event {

    public SiteMetrics {
        Fields.schemaVersion(schemaVersion);
        Fields.required("eventId", eventId);
        Fields.required("timestamp", timestamp);
        Fields.id("site", site);
        requireKw("powerAvailableKw", powerAvailableKw);
        requireKw("powerDrawKw", powerDrawKw);
        requireKw("coolingCapacityKw", coolingCapacityKw);
        requireKw("heatLoadKw", heatLoadKw);
    }

    private static void requireKw(String field, double value) {
        if (!Double.isFinite(value) || value < 0) {
            throw new IllegalArgumentException("field '" + field + "' must be a finite number of kW >= 0, was " + value);
        }
    }

    public static SiteMetrics of(String site, double powerAvailableKw, double powerDrawKw, double coolingCapacityKw,
            double heatLoadKw) {
        return new SiteMetrics(Versions.CURRENT, UUID.randomUUID().toString(), Instant.now(), site, powerAvailableKw,
                powerDrawKw, coolingCapacityKw, heatLoadKw);
    }

    @Override
    public String key() {
        return site;
    }
}
