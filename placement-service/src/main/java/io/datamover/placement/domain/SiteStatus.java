package io.datamover.placement.domain;

import java.time.Instant;
import java.util.Locale;

/**
 * A site as placement's REST API shows it at one moment.
 *
 * @param state {@code unknown}, {@code healthy} or {@code short}
 * @param powerHeadroomKw power available minus drawn in the latest reading, absent before the first
 * @param marginKw the smaller headroom above its minimum, absent while the state is unknown
 * @param alive whether a service of the site sent a heartbeat within the heartbeat timeout
 * @param triggered whether the current shortage has moved (or tried to move) the site's volume groups
 */
public record SiteStatus(String site, String state, String detail, Double powerHeadroomKw, Double coolingHeadroomKw,
        Double marginKw, Instant metricsAt, Instant lastHeartbeatAt, boolean alive, Instant shortSince,
        boolean triggered) {

    public static SiteStatus of(SiteRecord site, SitePolicy policy, Instant now) {
        SiteCondition condition = SiteRules.condition(site, policy, now);
        SiteReading reading = site.reading();
        return new SiteStatus(site.site(), condition.state().name().toLowerCase(Locale.ROOT),
                condition.detail(), reading == null ? null : reading.powerHeadroomKw(),
                reading == null ? null : reading.coolingHeadroomKw(),
                Double.isNaN(condition.marginKw()) ? null : condition.marginKw(), reading == null ? null : reading.at(),
                site.lastHeartbeatAt(), SiteRules.isAlive(site, policy, now), site.shortSince(), site.triggered());
    }
}
