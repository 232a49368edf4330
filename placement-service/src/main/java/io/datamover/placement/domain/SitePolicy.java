package io.datamover.placement.domain;

import io.datamover.events.Fields;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * When placement moves volume groups away from a site, and where to.
 *
 * @param sites the known sites and the headroom each must keep; metrics of any other site are rejected
 * @param holdTime how long a shortage must last before it triggers a switchover
 * @param metricsMaxAge metrics older than this say nothing: the site's state is unknown, never healthy
 * @param heartbeatTimeout a site silent for longer is lost
 * @param maxClockSkew metrics dated further ahead of this service's clock are rejected as from the future
 * @param groupPriorities the operator's priority of each volume group, higher first, over the priority the group
 *     announces with its snapshots
 * @param switchoverDeadline how long a switchover may take from its trigger to its commit before it is aborted
 * @param failoverTimeout how long a group's primary site must be silent before the group fails over
 */
public record SitePolicy(
        Map<String, SiteLimits> sites,
        Duration holdTime,
        Duration metricsMaxAge,
        Duration heartbeatTimeout,
        Duration maxClockSkew,
        Map<String, Integer> groupPriorities,
        Duration switchoverDeadline,
        Duration failoverTimeout) {

    public SitePolicy {
        sites = Collections.unmodifiableMap(new TreeMap<>(sites));
        sites.forEach((site, limits) -> {
            requireId("sites", site);
            if (limits == null) {
                throw new IllegalArgumentException("sites." + site + " has no limits");
            }
        });
        requireNotNegative("hold-time", holdTime);
        requirePositive("metrics-max-age", metricsMaxAge);
        requirePositive("heartbeat-timeout", heartbeatTimeout);
        requireNotNegative("max-clock-skew", maxClockSkew);
        groupPriorities = Collections.unmodifiableMap(new TreeMap<>(groupPriorities));
        groupPriorities.keySet().forEach(group -> requireId("group-priorities", group));
        requirePositive("switchover-deadline", switchoverDeadline);
        requirePositive("failover-timeout", failoverTimeout);
        if (failoverTimeout.compareTo(heartbeatTimeout) < 0) {
            throw new IllegalArgumentException("failover-timeout must not be shorter than heartbeat-timeout ("
                    + heartbeatTimeout + "), was " + failoverTimeout);
        }
    }

    /**
     * At most one heartbeat of a site per this time reaches the coordinator ({@link HeartbeatGate}): a quarter of
     * the heartbeat timeout, so that a live site never looks silent for longer than it plus the heartbeat interval.
     */
    public Duration heartbeatGate() {
        return heartbeatTimeout.dividedBy(4);
    }

    public boolean isKnown(String site) {
        return sites.containsKey(site);
    }

    public SiteLimits limits(String site) {
        SiteLimits limits = sites.get(site);
        if (limits == null) {
            throw new IllegalArgumentException("site '" + site + "' is not one of the known sites " + sites.keySet());
        }
        return limits;
    }

    public Set<String> knownSites() {
        return sites.keySet();
    }

    /**
     * The priority a group moves by, higher first: the one configured for it, an operator's override; else the one it
     * announced with its snapshots; else 0.
     */
    public int priority(GroupView group) {
        Integer configured = groupPriorities.get(group.groupId());
        if (configured != null) {
            return configured;
        }
        return group.announcedPriority() != null ? group.announcedPriority() : 0;
    }

    private static void requireId(String key, String id) {
        if (!Fields.isValidId(id)) {
            throw new IllegalArgumentException(key + ": '" + id + "' is not a valid id (lower-case letters, digits"
                    + " and '-', 1 to 63 characters, starting and ending with a letter or digit)");
        }
    }

    private static void requireNotNegative(String key, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(key + " must be a duration >= 0, was " + value);
        }
    }

    private static void requirePositive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be a duration > 0, was " + value);
        }
    }
}
