package io.datamover.transfer.config;

import io.datamover.blockstore.api.DeltaFormat;
import io.datamover.events.Fields;
import io.datamover.transfer.domain.SourceStorage;
import io.fabric8.kubernetes.api.model.Quantity;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.Map;

/** Fails the start, naming the key, when the configuration cannot work. */
@ApplicationScoped
public class ConfigCheck {

    void check(@Observes @Priority(1) StartupEvent startup, TransferConfig config) {
        require(Fields.isValidId(config.site()), "datamover.site",
                "must be a site id (lower-case letters, digits and '-'), was '" + config.site() + "'");
        requireUrl("datamover.store-url", config.storeUrl());
        for (Map.Entry<String, String> peer : config.transfer().peers().entrySet()) {
            String key = "datamover.transfer.peers." + peer.getKey();
            require(Fields.isValidId(peer.getKey()), key, "does not name a site id");
            requireUrl(key, peer.getValue());
            require(!config.transfer().tls().enabled() || peer.getValue().startsWith("https:"), key,
                    "must be an https URL when " + PeerTlsConfigSource.ENABLED + " is true, was '"
                            + peer.getValue() + "'");
        }
        long chunkBytes = config.transfer().chunkBytes();
        require(chunkBytes > 0 && chunkBytes <= DeltaFormat.MAX_RECORD_LENGTH
                && chunkBytes % DeltaFormat.SECTOR_SIZE == 0, "datamover.transfer.chunk-bytes",
                "must be a multiple of " + DeltaFormat.SECTOR_SIZE + " in [" + DeltaFormat.SECTOR_SIZE + ", "
                        + DeltaFormat.MAX_RECORD_LENGTH + "], was " + chunkBytes);
        require(config.transfer().streams() >= 1 && config.transfer().streams() <= 64, "datamover.transfer.streams",
                "must lie in [1, 64], was " + config.transfer().streams());
        for (Map.Entry<String, MemorySize> limit : config.transfer().bandwidth().entrySet()) {
            String key = "datamover.transfer.bandwidth." + limit.getKey();
            require(Fields.isValidId(limit.getKey()), key, "does not name a site id");
            require(limit.getValue().asLongValue() >= 0, key, "must not be negative, was " + limit.getValue());
        }
        require(config.transfer().maxAttempts() >= 1, "datamover.transfer.max-attempts",
                "must be 1 or more, was " + config.transfer().maxAttempts());
        require(config.transfer().initialBackoff().toMillis() > 0, "datamover.transfer.initial-backoff",
                "must be positive, was " + config.transfer().initialBackoff());
        require(config.transfer().maxBackoff().compareTo(config.transfer().initialBackoff()) >= 0,
                "datamover.transfer.max-backoff", "must not be below datamover.transfer.initial-backoff");
        require(config.transfer().replica().retain() >= 1, "datamover.transfer.replica.retain",
                "must be 1 or more (the consistent snapshot is always kept), was "
                        + config.transfer().replica().retain());
        if (config.storage() == SourceStorage.CSI) {
            checkMover(config.transfer().mover());
            checkReplica(config.transfer().replica());
        }
    }

    private static void checkReplica(TransferConfig.Replica replica) {
        replica.namespace().ifPresent(namespace -> require(Fields.isValidId(namespace),
                "datamover.transfer.replica.namespace", "must be a namespace name, was '" + namespace + "'"));
        replica.storageClass().ifPresent(name -> require(!name.isBlank(), "datamover.transfer.replica.storage-class",
                "must name a StorageClass when set"));
        replica.snapshotClass().ifPresent(name -> require(!name.isBlank(),
                "datamover.transfer.replica.snapshot-class", "must name a VolumeSnapshotClass when set"));
        require(replica.snapshotTimeout().toMillis() > 0, "datamover.transfer.replica.snapshot-timeout",
                "must be positive, was " + replica.snapshotTimeout());
        require(replica.idleTimeout().toMillis() > 0, "datamover.transfer.replica.idle-timeout",
                "must be positive, was " + replica.idleTimeout());
    }

    private static void checkMover(TransferConfig.Mover mover) {
        require(!mover.image().isBlank(), "datamover.transfer.mover.image", "must name an image");
        require(mover.port() >= 1 && mover.port() <= 65535, "datamover.transfer.mover.port",
                "must lie in [1, 65535], was " + mover.port());
        require(mover.readyTimeout().toMillis() > 0, "datamover.transfer.mover.ready-timeout",
                "must be positive, was " + mover.readyTimeout());
        requireQuantity("datamover.transfer.mover.cpu-request", mover.cpuRequest());
        requireQuantity("datamover.transfer.mover.memory-request", mover.memoryRequest());
        requireQuantity("datamover.transfer.mover.memory-limit", mover.memoryLimit());
    }

    private static void requireQuantity(String key, String value) {
        boolean valid;
        try {
            valid = Quantity.parse(value).getNumericalAmount().signum() > 0;
        } catch (IllegalArgumentException | ArithmeticException e) {
            valid = false;
        }
        require(valid, key, "must be a positive Kubernetes quantity such as 250m or 512Mi, was '" + value + "'");
    }

    private static void requireUrl(String key, String value) {
        boolean valid;
        try {
            URI uri = URI.create(value);
            valid = ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            valid = false;
        }
        require(valid, key, "must be an http(s) URL with a host, was '" + value + "'");
    }

    private static void require(boolean condition, String key, String problem) {
        if (!condition) {
            throw new IllegalStateException("invalid configuration: " + key + " " + problem);
        }
    }
}
