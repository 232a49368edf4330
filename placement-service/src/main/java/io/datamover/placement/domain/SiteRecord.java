package io.datamover.placement.domain;

import io.datamover.events.Fields;
import java.time.Instant;

/**
 * Everything placement keeps about one site between events, the value of its site store.
 *
 * @param reading the latest metrics, absent before the first
 * @param lastHeartbeatAt when a service of the site last said it was alive, absent before the first time
 * @param shortSince when the current shortage began (the first short reading of it), absent while the site is not
 *     short
 * @param triggered whether the current shortage has triggered its switchovers already
 */
public record SiteRecord(String site, SiteReading reading, Instant lastHeartbeatAt, Instant shortSince,
        boolean triggered) {

    public SiteRecord {
        Fields.id("site", site);
    }

    public static SiteRecord unknown(String site) {
        return new SiteRecord(site, null, null, null, false);
    }
}
