package io.datamover.placement.config;

import io.datamover.service.config.SiteIdConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Configuration of the placement service, keys under {@code datamover.}. */
@ConfigMapping(prefix = "datamover")
public interface PlacementConfig {

    /** Id of the site this service runs at (a DNS-1123 label, e.g. {@code stockholm}); names its Streams application. */
    @WithConverter(SiteIdConverter.class)
    String site();

    /**
     * Directory of the Kafka Streams state (the replica-state store, rebuilt from its changelog if
     * lost). Sites may share it: each site's application has its own subdirectory.
     */
    @WithDefault("target/placement-state")
    Path dataDir();

    /** How often the service publishes its site-heartbeat. */
    @WithDefault("5s")
    Duration heartbeatInterval();

    /** When volume groups move between sites, and where to. */
    Placement placement();

    /** The placement policy, keys under {@code datamover.placement.}. */
    interface Placement {

        /**
         * The known sites and the headroom each must keep: {@code datamover.placement.sites.<site>.min-cooling-headroom-kw=10}.
         * Metrics of any other site are dead-lettered; a site not listed is never chosen as a target.
         */
        Map<String, Limits> sites();

        /** How long a shortage must last before the site's volume groups move away. */
        @WithDefault("30s")
        Duration holdTime();

        /** Metrics older than this count as unknown, never as healthy. */
        @WithDefault("60s")
        Duration metricsMaxAge();

        /** A site whose services have sent no heartbeat for this long is lost; must exceed the heartbeat interval. */
        @WithDefault("15s")
        Duration heartbeatTimeout();

        /** Metrics dated further ahead of this service's clock are dead-lettered as from the future. */
        @WithDefault("30s")
        Duration maxClockSkew();

        /**
         * Priority of a volume group, higher moves first: {@code datamover.placement.group-priorities.<group>=10}, over
         * the priority the group announces with its snapshots; a group with neither has 0.
         */
        Map<String, Integer> groupPriorities();

        /**
         * How long a switchover may take from its trigger until every volume of the group has applied its final
         * snapshot at the target; then it is aborted and the source, thawed, stays primary.
         */
        @WithDefault("60s")
        Duration switchoverDeadline();

        /**
         * How long a group's primary site must have sent no heartbeat before the group fails over to the site that
         * holds a consistent replica of every volume and has headroom; at least the heartbeat timeout.
         */
        @WithDefault("30s")
        Duration failoverTimeout();

        /** How often the rules are evaluated when no event arrives (hold times, heartbeat timeouts). */
        @WithDefault("1s")
        Duration evaluateInterval();
    }

    /** The headroom one site must keep, in kW. */
    interface Limits {

        /** Power available minus power drawn below which the site is short. */
        @WithDefault("0")
        double minPowerHeadroomKw();

        /** Cooling capacity minus heat load below which the site is short. */
        @WithDefault("0")
        double minCoolingHeadroomKw();

        /** How far above both minimums the headroom must return for a shortage to end. */
        @WithDefault("0")
        double hysteresisKw();
    }
}
