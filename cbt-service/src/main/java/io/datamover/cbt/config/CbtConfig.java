package io.datamover.cbt.config;

import io.datamover.service.config.PositiveIntConverter;
import io.datamover.service.config.SiteIdConverter;
import io.datamover.service.config.StoreUrlConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Configuration of the CBT service, keys under {@code datamover.}. */
@ConfigMapping(prefix = "datamover")
public interface CbtConfig {

    /** Id of the site this service runs at (a DNS-1123 label, e.g. {@code stockholm}). */
    @WithConverter(SiteIdConverter.class)
    String site();

    /**
     * Base URL of the site's block store, e.g. {@code http://127.0.0.1:8080}; its SnapshotMetadata
     * gRPC service is reached on the same host and port.
     */
    @WithConverter(StoreUrlConverter.class)
    String storeUrl();

    /** How often the service publishes its site-heartbeat. */
    @WithDefault("5s")
    Duration heartbeatInterval();

    Cbt cbt();

    /** Keys under {@code datamover.cbt.}. */
    interface Cbt {

        /** Most extents in one blocks-changed event; larger changed sets come in several pages. */
        @WithDefault("4096")
        @WithConverter(PositiveIntConverter.class)
        int pageExtents();

        /** Deadline of one SnapshotMetadata call, its whole response stream included. */
        @WithDefault("60s")
        Duration callDeadline();

        /** Attempts of a failing SnapshotMetadata call before the snapshot goes to the dead-letter topic. */
        @WithDefault("4")
        @WithConverter(PositiveIntConverter.class)
        int attempts();

        /** Wait before the first retry of a failed call; doubled before each further one. */
        @WithDefault("500ms")
        Duration retryBackoff();
    }
}
