package io.datamover.blockstore.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Turns {@code datamover.tls.cert-file} and {@code key-file} into the HTTP server's TLS configuration ({@code store}
 * in the Quarkus TLS registry), so that the store also listens on {@code quarkus.http.ssl-port} and serves its
 * SnapshotMetadata gRPC service there over TLS, as a CSI driver's sidecar does. Without them there is no HTTPS
 * port. The files are checked here: the TLS registry reads them before the application starts.
 */
public class StoreTlsConfigSource implements ConfigSourceFactory {

    static final String CERT_FILE = "datamover.tls.cert-file";
    static final String KEY_FILE = "datamover.tls.key-file";
    /** Below application.properties, so that any of these keys can still be set there explicitly. */
    private static final int ORDINAL = 240;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        String cert = value(context, CERT_FILE);
        String key = value(context, KEY_FILE);
        if (cert == null && key == null) {
            return List.of();
        }
        return List.of(new PropertiesConfigSource(Map.of(
                "quarkus.tls.store.key-store.pem.0.cert", readableFile(CERT_FILE, cert, KEY_FILE),
                "quarkus.tls.store.key-store.pem.0.key", readableFile(KEY_FILE, key, CERT_FILE),
                "quarkus.http.tls-configuration-name", "store"), "datamover store TLS", ORDINAL));
    }

    private static String readableFile(String key, String path, String other) {
        if (path == null) {
            throw new IllegalStateException("invalid configuration: " + key + " is required with " + other);
        }
        if (!Files.isRegularFile(Path.of(path)) || !Files.isReadable(Path.of(path))) {
            throw new IllegalStateException("invalid configuration: " + key + " must be a readable PEM file, was '"
                    + path + "'");
        }
        return path;
    }

    private static String value(ConfigSourceContext context, String key) {
        ConfigValue value = context.getValue(key);
        return value == null || value.getValue() == null || value.getValue().isBlank() ? null : value.getValue();
    }
}
