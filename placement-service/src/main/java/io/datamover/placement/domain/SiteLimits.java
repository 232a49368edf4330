package io.datamover.placement.domain;

/**
 * The headroom a site must keep, in kilowatts: below either minimum the site is short; it counts as recovered only
 * once both headrooms are at least {@code hysteresisKw} above their minimum, so a metric hovering at the threshold
 * does not end and start shortages in turn.
 */
public record SiteLimits(double minPowerHeadroomKw, double minCoolingHeadroomKw, double hysteresisKw) {

    public SiteLimits {
        requireKw("min-power-headroom-kw", minPowerHeadroomKw);
        requireKw("min-cooling-headroom-kw", minCoolingHeadroomKw);
        requireKw("hysteresis-kw", hysteresisKw);
    }

    private static void requireKw(String key, double value) {
        if (!Double.isFinite(value) || value < 0) {
            throw new IllegalArgumentException(key + " must be a finite number of kW >= 0, was " + value);
        }
    }
}
