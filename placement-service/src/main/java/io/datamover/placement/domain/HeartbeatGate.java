package io.datamover.placement.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Which heartbeats of a site are worth passing on to the coordinator: every service of a site sends one each
 * heartbeat interval, and each passed on costs both sites' placement an exactly-once transaction more (the
 * re-keying to the coordinator, its store update). The coordinator only needs to know that the site was alive
 * recently: one heartbeat per {@code gate} and site is passed on, the first of a site and any sent at least
 * {@code gate} after the last one passed. What it drops never makes a site look silent for longer than the gate
 * plus the heartbeat interval, which the policy keeps below the heartbeat timeout. Soft state: after a restart the
 * first heartbeat of each site passes.
 */
public final class HeartbeatGate {

    private final Duration gate;
    private final Map<String, Instant> passed = new HashMap<>();

    public HeartbeatGate(Duration gate) {
        if (gate.isNegative()) {
            throw new IllegalArgumentException("the heartbeat gate must not be negative, was " + gate);
        }
        this.gate = gate;
    }

    /** Whether the heartbeat that {@code site} sent at {@code sentAt} is passed on; remembers it if so. */
    public boolean passes(String site, Instant sentAt) {
        Instant last = passed.get(site);
        if (last != null && sentAt.isBefore(last.plus(gate))) {
            return false;
        }
        passed.put(site, sentAt);
        return true;
    }
}
