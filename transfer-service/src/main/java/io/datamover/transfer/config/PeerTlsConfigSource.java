package io.datamover.transfer.config;

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
 * Turns {@code datamover.transfer.tls.*} into the HTTP server's TLS configuration ({@code peers} in the Quarkus
 * TLS registry) when {@code datamover.transfer.tls.enabled} is true; otherwise there is no key store and no
 * HTTPS port. Client certificates are required by application.properties (a build-time key). The stores are
 * checked here, not in {@link ConfigCheck}: the TLS registry reads them before the application starts.
 */
public class PeerTlsConfigSource implements ConfigSourceFactory {

    static final String ENABLED = "datamover.transfer.tls.enabled";
    private static final String PREFIX = "datamover.transfer.tls.";
    /** Below application.properties, so that any of these keys can still be set there explicitly. */
    private static final int ORDINAL = 240;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!Boolean.parseBoolean(value(context, ENABLED))) {
            return List.of();
        }
        return List.of(new PropertiesConfigSource(Map.of(
                "quarkus.tls.peers.key-store.p12.path", readableFile(context, PREFIX + "key-store"),
                "quarkus.tls.peers.key-store.p12.password", required(context, PREFIX + "key-store-password"),
                "quarkus.tls.peers.trust-store.p12.path", readableFile(context, PREFIX + "trust-store"),
                "quarkus.tls.peers.trust-store.p12.password", required(context, PREFIX + "trust-store-password"),
                "quarkus.http.tls-configuration-name", "peers"), "datamover peer TLS", ORDINAL));
    }

    private static String readableFile(ConfigSourceContext context, String key) {
        String path = required(context, key);
        if (!Files.isRegularFile(Path.of(path)) || !Files.isReadable(Path.of(path))) {
            throw new IllegalStateException("invalid configuration: " + key + " must be a readable PKCS12 file, was '"
                    + path + "'");
        }
        return path;
    }

    private static String required(ConfigSourceContext context, String key) {
        String value = value(context, key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("invalid configuration: " + key + " is required when " + ENABLED
                    + " is true");
        }
        return value;
    }

    private static String value(ConfigSourceContext context, String key) {
        ConfigValue value = context.getValue(key);
        return value == null ? null : value.getValue();
    }
}
