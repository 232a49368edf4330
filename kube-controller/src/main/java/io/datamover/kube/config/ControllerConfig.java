package io.datamover.kube.config;

import io.datamover.service.config.SiteIdConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Configuration of the Kubernetes controller, keys under {@code datamover.}. */
@ConfigMapping(prefix = "datamover")
public interface ControllerConfig {

    /** Id of the site (cluster) this controller runs at (a DNS-1123 label, e.g. {@code stockholm}). */
    @WithConverter(SiteIdConverter.class)
    String site();

    /** Base URL of the site's snapshot-service, e.g. {@code http://snapshot-service:8080}. */
    @WithConverter(SnapshotUrlConverter.class)
    String snapshotUrl();

    /** The namespace whose MigrationLocations, SnapshotSchedules and ProtectedApplications this controller serves. */
    @WithDefault("datamover")
    @WithConverter(NamespaceConverter.class)
    String namespace();

    /**
     * Where this site's csi replicas keep their VolumeSnapshots: transfer-service's
     * {@code datamover.transfer.replica.namespace}. A move to this site copies the VolumeSnapshot each claim restores
     * from into the application's namespace. Unset, or the application's namespace: the claims restore from the
     * VolumeSnapshots of their own namespace.
     */
    @WithConverter(ReplicaNamespaceConverter.class)
    Optional<String> replicaNamespace();

    /**
     * How often everything is reconciled even when nothing changed in Kubernetes: it picks up the snapshot-service's
     * progress (the {@code Replicated} condition) and retries what it refused or could not be reached for.
     */
    @WithDefault("30s")
    @WithConverter(PositiveDurationConverter.class)
    Duration resyncInterval();

    /** Timeout of one request to the snapshot-service. */
    @WithDefault("10s")
    @WithConverter(PositiveDurationConverter.class)
    Duration snapshotTimeout();
}
