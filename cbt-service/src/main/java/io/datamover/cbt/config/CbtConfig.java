package io.datamover.cbt.config;

import io.datamover.service.config.PositiveIntConverter;
import io.datamover.service.config.SiteIdConverter;
import io.datamover.service.config.StoreUrlConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Configuration of the CBT service, keys under {@code datamover.}. */
@ConfigMapping(prefix = "datamover")
public interface CbtConfig {

    /** Id of the site this service runs at (a DNS-1123 label, e.g. {@code stockholm}). */
    @WithConverter(SiteIdConverter.class)
    String site();

    /**
     * Base URL of the site's block store, e.g. {@code http://127.0.0.1:8080}; its SnapshotMetadata
     * gRPC service is reached on the same host and port. Required with {@code datamover.cbt.discovery=static}.
     */
    @WithConverter(StoreUrlConverter.class)
    Optional<String> storeUrl();

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

        /** Where the SnapshotMetadata service is: {@code static} (the store-url) or {@code kubernetes} (discovered). */
        @WithDefault("static")
        Discovery discovery();

        /** Static: a file holding the security_token to send (e.g. a projected token), read before each call. */
        Optional<Path> securityTokenFile();

        /** Static: PEM file of the authorities trusted for an https store-url; unset: the JVM's default ones. */
        Optional<Path> caFile();

        /**
         * Kubernetes: the CSI driver of snapshots whose snapshot-taken names none (the csi backend's name theirs),
         * whose SnapshotMetadataService resource has its name.
         */
        Optional<String> csiDriver();

        /** Kubernetes: the service account (this service's own) for which tokens are requested. */
        @WithDefault("cbt-service")
        String serviceAccount();

        /** Kubernetes: the namespace of that service account; unset: the Kubernetes client's (the pod's). */
        Optional<String> serviceAccountNamespace();

        /** Kubernetes: the lifetime asked for a token (at least 10m; the API server may shorten it). */
        @WithDefault("1h")
        Duration tokenLifetime();

        /** Kubernetes: a cached token is renewed this long before it expires. */
        @WithDefault("5m")
        Duration tokenRenewBefore();
    }

    /** How cbt-service finds the SnapshotMetadata service. */
    enum Discovery {
        /** The embedded block store of {@code datamover.store-url}. */
        STATIC,
        /** The SnapshotMetadataService resource of the snapshot's CSI driver, through the Kubernetes API. */
        KUBERNETES
    }
}
