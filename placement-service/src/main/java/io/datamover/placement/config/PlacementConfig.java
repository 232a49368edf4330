package io.datamover.placement.config;

import io.datamover.service.config.SiteIdConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;

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
}
