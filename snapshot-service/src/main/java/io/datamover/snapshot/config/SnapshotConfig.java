package io.datamover.snapshot.config;

import io.datamover.service.config.PositiveIntConverter;
import io.datamover.service.config.SiteIdConverter;
import io.datamover.service.config.StoreUrlConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Configuration of the snapshot service, keys under {@code datamover.}. */
@ConfigMapping(prefix = "datamover")
public interface SnapshotConfig {

    /** Id of the site this service runs at (a DNS-1123 label, e.g. {@code stockholm}). */
    @WithConverter(SiteIdConverter.class)
    String site();

    /**
     * Base URL of the site's block store, e.g. {@code http://127.0.0.1:8080}; required with
     * {@code datamover.storage=embedded}, not used with {@code csi}.
     */
    @WithConverter(StoreUrlConverter.class)
    Optional<String> storeUrl();

    /** Where the site's volumes are snapshotted: {@code embedded} (the block store) or {@code csi} (VolumeSnapshots). */
    @WithDefault("embedded")
    Storage storage();

    /** Keys of the csi storage backend. */
    Csi csi();

    /** Timeout of one request to the block store. */
    @WithDefault("30s")
    Duration storeTimeout();

    /** Directory of the service's state: {@code protections.json}. */
    @WithDefault("data")
    Path dataDir();

    /** How often the service publishes its site-heartbeat. */
    @WithDefault("5s")
    Duration heartbeatInterval();

    Snapshot snapshot();

    /** The storage backends: one port ({@code storage/SnapshotStorage}), two adapters. */
    enum Storage {
        /** The site's embedded block store at {@code datamover.store-url}. */
        EMBEDDED,
        /** VolumeSnapshot objects of the volumes' claims through the Kubernetes API; the volume id is the PV's name. */
        CSI
    }

    /** Keys under {@code datamover.csi.}. */
    interface Csi {

        /** The VolumeSnapshotClass of the snapshots; unset: the cluster's default class of the claim's CSI driver. */
        Optional<String> volumeSnapshotClass();

        /**
         * How long a cycle waits for a new VolumeSnapshot to become readyToUse (at least 1s); the next cycle of the
         * volume waits for the same VolumeSnapshot again.
         */
        @WithDefault("2m")
        Duration readyTimeout();

        /**
         * How long a csi freeze waits for the pods that mount a volume's claim to stop once their Deployments and
         * StatefulSets are scaled to 0, and a promote for kube-controller to restore the application's claim of the
         * volume (at least 1s); a freeze that times out is tried again, then given up, and the switchover aborts.
         */
        @WithDefault("2m")
        Duration workloadTimeout();

        /** Block size stated in the snapshot-taken of a csi volume: the unit its changes are shipped in. */
        @WithDefault("65536")
        @WithConverter(PositiveIntConverter.class)
        int blockSize();
    }

    /** Keys under {@code datamover.snapshot.}. */
    interface Snapshot {

        /**
         * How long a snapshot may stay unapplied at some target before the schedule takes the next
         * one anyway (back-pressure gives up on a stalled transfer).
         */
        @WithDefault("5m")
        Duration stallTimeout();

        /**
         * Interval of the group or protection this site defines itself when a switchover makes it the primary of a
         * group it has no definition of; whole seconds, at least one.
         */
        @WithDefault("30s")
        @WithConverter(DurationConverters.WholeSeconds.class)
        Duration takeoverInterval();

        /** How many snapshots of each volume that group or protection keeps. */
        @WithDefault("5")
        @WithConverter(PositiveIntConverter.class)
        int takeoverRetain();

        /** Tries of a placement decision whose store or broker fails, before it is given up with an error. */
        @WithDefault("5")
        @WithConverter(PositiveIntConverter.class)
        int decisionAttempts();

        /** Wait after the first failed try of a placement decision; doubled after each further one. */
        @WithDefault("1s")
        @WithConverter(DurationConverters.NotNegative.class)
        Duration decisionRetryBackoff();

        /**
         * A switchover's source first takes a catch-up snapshot of the group, without freezing it, and waits up to
         * this long for the target to apply it; then it freezes the group and takes the final snapshot, whose delta
         * is only what was written meanwhile. The group is frozen (the application waits) only for that small final
         * delta. 0 freezes at once.
         */
        @WithDefault("30s")
        @WithConverter(DurationConverters.NotNegative.class)
        Duration catchUpTimeout();

        /**
         * Base URL of the site's kube-controller, e.g. {@code http://kube-controller:8080}: it runs the remote hooks
         * of groups ({@code remoteHooks}) in the application's pods. Unset: a group with remote hooks is refused.
         */
        @WithConverter(HookUrlConverter.class)
        Optional<String> hookUrl();

        /**
         * How much longer than a remote hook's timeout this service waits for the controller's answer: the controller
         * finds the pod and opens the exec stream before the command's time starts.
         */
        @WithDefault("10s")
        @WithConverter(DurationConverters.NotNegative.class)
        Duration hookGrace();
    }
}
