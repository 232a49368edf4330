package io.datamover.snapshot.config;

import io.datamover.events.Fields;
import io.datamover.snapshot.config.SnapshotConfig.Storage;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;

/** Fails the start, naming the key, when the storage backend's configuration cannot work. */
@ApplicationScoped
public class StorageCheck {

    void check(@Observes @Priority(1) StartupEvent startup, SnapshotConfig config) {
        check(config);
    }

    /** @throws IllegalArgumentException naming the first key that cannot work */
    public static void check(SnapshotConfig config) {
        if (config.storage() == Storage.EMBEDDED) {
            require(config.storeUrl().isPresent(), "datamover.store-url", "is required with datamover.storage"
                    + "=embedded");
            return;
        }
        SnapshotConfig.Csi csi = config.csi();
        require(csi.readyTimeout().compareTo(Duration.ofSeconds(1)) >= 0, "datamover.csi.ready-timeout",
                "must be at least 1s, was " + csi.readyTimeout());
        require(csi.workloadTimeout().compareTo(Duration.ofSeconds(1)) >= 0, "datamover.csi.workload-timeout",
                "must be at least 1s, was " + csi.workloadTimeout());
        csi.volumeSnapshotClass().ifPresent(name -> require(isObjectName(name), "datamover.csi.volume-snapshot-class",
                "must be a Kubernetes object name (lower-case letters, digits, '-' and '.'), was '" + name + "'"));
    }

    private static boolean isObjectName(String name) {
        try {
            Fields.qualifiedId("name", name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void require(boolean condition, String key, String problem) {
        if (!condition) {
            throw new IllegalArgumentException("invalid configuration: " + key + " " + problem);
        }
    }
}
