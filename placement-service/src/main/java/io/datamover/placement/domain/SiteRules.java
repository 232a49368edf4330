package io.datamover.placement.domain;

import io.datamover.events.SiteMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The rules about one site: how readings and heartbeats change what placement knows of it, whether it is short,
 * healthy or unknown, and when a shortage has lasted long enough to move volume groups away. Pure: the time is an
 * argument.
 *
 * <p>A shortage begins with the first short reading and lasts until a reading has recovered by the hysteresis;
 * readings in between (no longer short, not yet recovered) change nothing, so a metric hovering at its threshold
 * neither ends the hold time nor starts a new one. A gap in the readings longer than the metrics' maximum age starts
 * the site's history over: what was known before the gap does not count towards a hold time.
 */
public final class SiteRules {

    private SiteRules() {
    }

    /**
     * Why {@code metrics} cannot be taken, or empty when it can: a site that is not known, or a reading dated further
     * in the future than the allowed clock skew.
     */
    public static Optional<String> rejection(SiteMetrics metrics, SitePolicy policy, Instant now) {
        if (!policy.isKnown(metrics.site())) {
            return Optional.of("site '" + metrics.site() + "' is not one of the known sites " + policy.knownSites());
        }
        Duration ahead = Duration.between(now, metrics.timestamp());
        if (ahead.compareTo(policy.maxClockSkew()) > 0) {
            return Optional.of("timestamp " + metrics.timestamp() + " is " + seconds(ahead) + " ahead of placement's"
                    + " clock, more than the max clock skew of " + seconds(policy.maxClockSkew()));
        }
        return Optional.empty();
    }

    /** The site after a reading; a reading no newer than the one held changes nothing. */
    public static SiteRecord withReading(SiteRecord site, SiteReading reading, SitePolicy policy) {
        SiteReading last = site.reading();
        if (last != null && !reading.at().isAfter(last.at())) {
            return site;
        }
        boolean continuous = last != null
                && Duration.between(last.at(), reading.at()).compareTo(policy.metricsMaxAge()) <= 0;
        Instant shortSince = continuous ? site.shortSince() : null;
        boolean triggered = continuous && site.triggered();
        SiteLimits limits = policy.limits(site.site());
        if (reading.isShort(limits)) {
            shortSince = shortSince == null ? reading.at() : shortSince;
        } else if (reading.hasRecovered(limits)) {
            shortSince = null;
            triggered = false;
        }
        return new SiteRecord(site.site(), reading, site.lastHeartbeatAt(), shortSince, triggered);
    }

    /** The site after a heartbeat sent at {@code sentAt}; a heartbeat dated ahead of {@code now} counts as now. */
    public static SiteRecord withHeartbeat(SiteRecord site, Instant sentAt, Instant now) {
        Instant at = sentAt.isAfter(now) ? now : sentAt;
        if (site.lastHeartbeatAt() != null && !at.isAfter(site.lastHeartbeatAt())) {
            return site;
        }
        return new SiteRecord(site.site(), site.reading(), at, site.shortSince(), site.triggered());
    }

    public static SiteRecord triggered(SiteRecord site) {
        return new SiteRecord(site.site(), site.reading(), site.lastHeartbeatAt(), site.shortSince(), true);
    }

    public static SiteCondition condition(SiteRecord site, SitePolicy policy, Instant now) {
        SiteReading reading = site.reading();
        if (reading == null) {
            return new SiteCondition(SiteCondition.State.UNKNOWN, "no metrics received", Double.NaN);
        }
        Duration age = Duration.between(reading.at(), now);
        if (age.compareTo(policy.metricsMaxAge()) > 0) {
            return new SiteCondition(SiteCondition.State.UNKNOWN, "metrics are " + seconds(age) + " old, more than"
                    + " the metrics max age of " + seconds(policy.metricsMaxAge()), Double.NaN);
        }
        SiteLimits limits = policy.limits(site.site());
        double margin = reading.marginKw(limits);
        if (site.shortSince() == null) {
            return new SiteCondition(SiteCondition.State.HEALTHY, String.format(Locale.ROOT,
                    "power headroom %.1f kW, cooling headroom %.1f kW", reading.powerHeadroomKw(),
                    reading.coolingHeadroomKw()), margin);
        }
        String what = reading.isShort(limits) ? reading.shortage(limits) : String.format(Locale.ROOT,
                "recovering: %.1f kW above the minimum headroom, less than the hysteresis of %.1f kW", margin,
                limits.hysteresisKw());
        return new SiteCondition(SiteCondition.State.SHORT, what + " since " + site.shortSince(), margin);
    }

    public static boolean isAlive(SiteRecord site, SitePolicy policy, Instant now) {
        return site.lastHeartbeatAt() != null
                && Duration.between(site.lastHeartbeatAt(), now).compareTo(policy.heartbeatTimeout()) <= 0;
    }

    /** Why the site counts as lost, e.g. {@code no heartbeat for 42 s}. */
    public static String silence(SiteRecord site, Instant now) {
        return site.lastHeartbeatAt() == null ? "no heartbeat received"
                : "no heartbeat for " + seconds(Duration.between(site.lastHeartbeatAt(), now));
    }

    /**
     * The cause of moving groups away from the site when its shortage has lasted the hold time at {@code now}, e.g.
     * {@code stockholm: cooling headroom 2.0 kW below 10.0 kW for 31 s (hold time 30 s)}; empty otherwise.
     */
    public static Optional<String> dueShortage(SiteRecord site, SitePolicy policy, Instant now) {
        SiteCondition condition = condition(site, policy, now);
        if (!condition.is(SiteCondition.State.SHORT)) {
            return Optional.empty();
        }
        Duration held = Duration.between(site.shortSince(), now);
        if (held.compareTo(policy.holdTime()) < 0) {
            return Optional.empty();
        }
        SiteLimits limits = policy.limits(site.site());
        String what = site.reading().isShort(limits) ? site.reading().shortage(limits) : "short, not yet recovered";
        return Optional.of(site.site() + ": " + what + " for " + seconds(held) + " (hold time "
                + seconds(policy.holdTime()) + ")");
    }

    static String seconds(Duration duration) {
        return duration.toSeconds() + " s";
    }
}
