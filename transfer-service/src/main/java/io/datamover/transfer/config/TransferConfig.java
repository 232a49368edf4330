package io.datamover.transfer.config;

import io.datamover.transfer.domain.SourceStorage;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Configuration of the transfer-service of one site. */
@ConfigMapping(prefix = "datamover")
public interface TransferConfig {

    /** This site's id (a DNS-1123 label); the service ships this site's changed sets and receives deltas for it. */
    String site();

    /** Base URL of this site's block store, e.g. {@code http://127.0.0.1:8090}. */
    String storeUrl();

    /**
     * The storage backend of this site's snapshots, which changed sets are read from, and of its replicas:
     * {@code embedded}, the block store; {@code csi}, a mover pod serving a block-mode claim restored from the
     * snapshot's VolumeSnapshot, and replicas kept as claims with a VolumeSnapshot per applied snapshot.
     */
    @WithDefault("embedded")
    SourceStorage storage();

    /** Directory of this service's files; incoming deltas are staged under {@code <data-dir>/staging}. */
    @WithDefault("data/${datamover.site}/transfer-service")
    Path dataDir();

    /** How often the service publishes its site-heartbeat. */
    @WithDefault("5s")
    Duration heartbeatInterval();

    Transfer transfer();

    /** Shipping deltas to peers. */
    interface Transfer {

        /** Base URL of the transfer-service of each target site, by site id: {@code datamover.transfer.peers.<site>=http://host:port}. */
        Map<String, String> peers();

        /** Data bytes per chunk, at most 64 MiB. */
        @WithDefault("4194304")
        long chunkBytes();

        /** Attempts of one transfer before it is given up and its changed set dead-lettered. */
        @WithDefault("5")
        int maxAttempts();

        /** Wait after the first failed attempt; doubles after each further one. */
        @WithDefault("1s")
        Duration initialBackoff();

        /** Longest wait between two attempts. */
        @WithDefault("30s")
        Duration maxBackoff();

        /** Timeout of one request to a peer; a commit applies the whole delta before it answers. */
        @WithDefault("10m")
        Duration requestTimeout();

        /** Chunks of one transfer in flight at once, each over its own connection. */
        @WithDefault("4")
        int streams();

        /**
         * Bytes per second on the wire to each target site, by site id, in bytes or with a binary suffix:
         * {@code datamover.transfer.bandwidth.<site>=50M}; unset or 0 means unlimited. Changeable while
         * running through {@code PUT /bandwidth/<site>}.
         */
        Map<String, MemorySize> bandwidth();

        /**
         * Whether a chunk whose bytes lie in files of the local store that this service can open is sent from
         * them to the data plane without being read ({@code sendfile}), where the link is not encrypted.
         */
        @WithDefault("true")
        boolean zeroCopy();

        DataPlane dataPlane();

        Tls tls();

        Mover mover();

        Replica replica();
    }

    /**
     * The replicas this site receives: how many snapshots each keeps, and with {@code datamover.storage=csi} a
     * block-mode claim per volume, written by a mover pod in replica mode, with a VolumeSnapshot of each applied
     * snapshot.
     */
    interface Replica {

        /**
         * Snapshots each replica keeps: after an apply, those older than its newest {@code retain} are deleted, never
         * the consistent one. csi: at least 2, so that a move here can still restore from the snapshot it names
         * while one more delta is applied.
         */
        @WithDefault("3")
        int retain();

        /** Namespace of the replicas' claims, VolumeSnapshots and mover pods; default: the Kubernetes client's. */
        Optional<String> namespace();

        /** StorageClass of the replicas' claims; default: the cluster's default class. */
        Optional<String> storageClass();

        /** VolumeSnapshotClass of the replicas' VolumeSnapshots; default: the CSI driver's default class. */
        Optional<String> snapshotClass();

        /** How long a replica's VolumeSnapshot may take to be readyToUse after a seal before the commit fails. */
        @WithDefault("10m")
        Duration snapshotTimeout();

        /**
         * A delta's mover pod that has had no request for this long is deleted (its source gave up); the delta's next
         * request starts another.
         */
        @WithDefault("10m")
        Duration idleTimeout();
    }

    /**
     * The pod that serves a csi snapshot's extents while its changed set is shipped ({@code datamover.storage=csi}):
     * the block-mover image reading a block-mode claim restored from the snapshot.
     */
    interface Mover {

        /** Image of the block-mover. */
        @WithDefault("datamover/block-mover:${quarkus.application.version}")
        String image();

        /** Port the mover serves its API on, in the pod. */
        @WithDefault("8080")
        int port();

        /** How long the restored claim and the mover pod may take to be bound and Ready before the set fails. */
        @WithDefault("5m")
        Duration readyTimeout();

        /** CPU the mover pod requests. */
        @WithDefault("250m")
        String cpuRequest();

        /** Memory the mover pod requests: a chunk per stream is in memory at once (64 MiB at most each). */
        @WithDefault("384Mi")
        String memoryRequest();

        /** Memory limit of the mover pod. */
        @WithDefault("768Mi")
        String memoryLimit();
    }

    /** Where this site receives chunks: a TCP port of its own (TLS with mutual TLS on), announced at begin. */
    interface DataPlane {

        /** Whether sources send chunks to the data plane; otherwise they PUT them to the HTTP API. */
        @WithDefault("true")
        boolean enabled();

        /** Address the data plane listens on. */
        @WithDefault("0.0.0.0")
        String host();

        /** Port the data plane listens on; 0 picks a free one. */
        @WithDefault("0")
        int port();

        /** Port announced to sources when they reach the data plane through a forwarder; default: {@link #port()}. */
        OptionalInt advertisedPort();

        /** Connections served at once; further ones are refused until one ends. */
        @WithDefault("64")
        int maxConnections();

        /** A connection on which no chunk arrives for this long is closed. */
        @WithDefault("5m")
        Duration idleTimeout();
    }

    /**
     * Mutual TLS between the transfer-services of two sites. When on, the peer API is served over HTTPS and
     * requires a client certificate signed by the trust store, and peers are called with this site's certificate.
     */
    interface Tls {

        /** Whether the peer API is served and called over mutual TLS; then every peer address is https. */
        @WithDefault("false")
        boolean enabled();

        /** PKCS12 file holding this site's key and certificate, shown to peers as server and as client. */
        Optional<Path> keyStore();

        /** Password of the key store and of the key in it. */
        Optional<String> keyStorePassword();

        /** PKCS12 file holding the certificates of the authorities that sign the certificates of peer sites. */
        Optional<Path> trustStore();

        /** Password of the trust store. */
        Optional<String> trustStorePassword();
    }
}
