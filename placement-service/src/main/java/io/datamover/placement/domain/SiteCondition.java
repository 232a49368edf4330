package io.datamover.placement.domain;

/**
 * What placement makes of a site's metrics at one moment.
 *
 * @param detail why the site is in this state, for causes and status
 * @param marginKw the smaller headroom above its minimum (healthy or short), NaN when unknown
 */
public record SiteCondition(State state, String detail, double marginKw) {

    public enum State {
        /** No metrics, or none recent enough: neither healthy nor short. */
        UNKNOWN,
        HEALTHY,
        SHORT
    }

    public boolean is(State wanted) {
        return state == wanted;
    }
}
