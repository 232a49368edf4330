package io.datamover.blockstore.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** The block store's configuration, under {@code datamover.*}. */
@ConfigMapping(prefix = "datamover")
public interface StoreConfig {

    /** This site's id, a DNS-1123 label such as {@code stockholm}. */
    String site();

    /** The directory that holds the volumes ({@code <data-dir>/volumes/<id>/}); created if missing. */
    Path dataDir();

    /** How many extents one SnapshotMetadata response carries when the request's max_results is 0. */
    @WithDefault("1024")
    int defaultMaxResults();

    /** Keys under {@code datamover.snapshot-metadata.}. */
    SnapshotMetadata snapshotMetadata();

    /** Keys under {@code datamover.tls.}: checked and applied by {@link StoreTlsConfigSource}. */
    Tls tls();

    /** The SnapshotMetadata gRPC service's own keys. */
    interface SnapshotMetadata {

        /**
         * A file of the tokens a client must send as {@code security_token}, one per line, read on every call (so it
         * can be rotated); unset: no token is asked for.
         */
        Optional<Path> tokenFile();
    }

    /** TLS of the store's HTTPS port ({@code quarkus.http.ssl-port}), which serves gRPC and REST alike. */
    interface Tls {

        /** PEM certificate chain of the HTTPS port; unset: no HTTPS port. Requires {@code datamover.tls.key-file}. */
        Optional<Path> certFile();

        /** PEM private key of {@code datamover.tls.cert-file}. */
        Optional<Path> keyFile();
    }
}
