package io.datamover.placement.domain;

import io.datamover.events.SiteMetrics;
import java.time.Instant;

/** One site-metrics reading: what the site's facility reported at {@code at}, in kilowatts. */
public record SiteReading(Instant at, double powerAvailableKw, double powerDrawKw, double coolingCapacityKw,
        double heatLoadKw) {

    public static SiteReading of(SiteMetrics metrics) {
        return new SiteReading(metrics.timestamp(), metrics.powerAvailableKw(), metrics.powerDrawKw(),
                metrics.coolingCapacityKw(), metrics.heatLoadKw());
    }

    public double powerHeadroomKw() {
        return powerAvailableKw - powerDrawKw;
    }

    public double coolingHeadroomKw() {
        return coolingCapacityKw - heatLoadKw;
    }

    /** The smaller of the two headrooms above its minimum: negative when the site is short. */
    public double marginKw(SiteLimits limits) {
        return Math.min(powerHeadroomKw() - limits.minPowerHeadroomKw(),
                coolingHeadroomKw() - limits.minCoolingHeadroomKw());
    }

    public boolean isShort(SiteLimits limits) {
        return marginKw(limits) < 0;
    }

    public boolean hasRecovered(SiteLimits limits) {
        return marginKw(limits) >= limits.hysteresisKw();
    }

    /** What the site is short of, e.g. {@code cooling headroom 3.0 kW below 10.0 kW}. */
    public String shortage(SiteLimits limits) {
        StringBuilder what = new StringBuilder();
        if (powerHeadroomKw() < limits.minPowerHeadroomKw()) {
            what.append(String.format(java.util.Locale.ROOT, "power headroom %.1f kW below %.1f kW",
                    powerHeadroomKw(), limits.minPowerHeadroomKw()));
        }
        if (coolingHeadroomKw() < limits.minCoolingHeadroomKw()) {
            what.append(what.isEmpty() ? "" : " and ").append(String.format(java.util.Locale.ROOT,
                    "cooling headroom %.1f kW below %.1f kW", coolingHeadroomKw(), limits.minCoolingHeadroomKw()));
        }
        return what.toString();
    }
}
