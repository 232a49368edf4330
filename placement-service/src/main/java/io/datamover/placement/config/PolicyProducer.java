package io.datamover.placement.config;

import io.datamover.placement.domain.SiteLimits;
import io.datamover.placement.domain.SitePolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/** The placement policy from the configuration; the start fails, naming the key, when it cannot work. */
@ApplicationScoped
public class PolicyProducer {

    private static final Logger LOG = Logger.getLogger(PolicyProducer.class);
    private static final String PREFIX = "datamover.placement.";

    @Produces
    @Singleton
    SitePolicy policy(PlacementConfig config) {
        return of(config);
    }

    static SitePolicy of(PlacementConfig config) {
        PlacementConfig.Placement placement = config.placement();
        Map<String, SiteLimits> sites = new TreeMap<>();
        placement.sites().forEach((site, limits) -> sites.put(site, limits(site, limits)));
        // Placement passes on one heartbeat of a site per quarter of the timeout: the rest must exceed the interval.
        if (placement.heartbeatTimeout().multipliedBy(3).compareTo(config.heartbeatInterval().multipliedBy(4)) <= 0) {
            throw invalid("heartbeat-timeout must exceed 4/3 of datamover.heartbeat-interval ("
                    + config.heartbeatInterval() + "), was " + placement.heartbeatTimeout()
                    + ": a site may look silent for a quarter of the timeout plus the interval");
        }
        if (placement.evaluateInterval().toMillis() < 1) {
            throw invalid("evaluate-interval must be at least 1 ms, was " + placement.evaluateInterval());
        }
        SitePolicy policy;
        try {
            policy = new SitePolicy(sites, placement.holdTime(), placement.metricsMaxAge(),
                    placement.heartbeatTimeout(), placement.maxClockSkew(), placement.groupPriorities(),
                    placement.switchoverDeadline(), placement.failoverTimeout());
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
        if (sites.isEmpty()) {
            LOG.warnf("no site is configured under %ssites: site metrics are dead-lettered and no volume group moves",
                    PREFIX);
        }
        return policy;
    }

    private static SiteLimits limits(String site, PlacementConfig.Limits limits) {
        try {
            return new SiteLimits(limits.minPowerHeadroomKw(), limits.minCoolingHeadroomKw(), limits.hysteresisKw());
        } catch (IllegalArgumentException e) {
            throw invalid("sites." + site + "." + e.getMessage());
        }
    }

    private static IllegalStateException invalid(String problem) {
        return new IllegalStateException("invalid configuration: " + PREFIX + problem);
    }
}
