package io.datamover.transfer.peer;

import io.datamover.blockstore.api.BulkHttp;
import io.datamover.transfer.config.TransferConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The HTTP client a source calls its peers with: plain HTTP, or with mutual TLS on, this site's certificate
 * from the key store and the peers' authorities from the trust store. Host names stay verified, so a peer's
 * certificate must name the host or IP address of its {@code datamover.transfer.peers.<site>} URL.
 */
public final class PeerHttp {

    private static final String KEY_STORE = "datamover.transfer.tls.key-store";
    private static final String TRUST_STORE = "datamover.transfer.tls.trust-store";

    private PeerHttp() {
    }

    public static HttpClient client(TransferConfig.Tls tls) {
        HttpClient.Builder builder = BulkHttp.builder().connectTimeout(Duration.ofSeconds(5));
        if (tls.enabled()) {
            builder.sslContext(sslContext(tls));
        }
        return builder.build();
    }

    /** @throws IllegalStateException naming the key of a store that cannot be read */
    public static SSLContext sslContext(TransferConfig.Tls tls) {
        char[] keyPassword = password(tls.keyStorePassword());
        KeyStore keys = load(KEY_STORE, tls.keyStore(), keyPassword);
        KeyStore trusted = load(TRUST_STORE, tls.trustStore(), password(tls.trustStorePassword()));
        try {
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, keyPassword);
            TrustManagerFactory trustManagers =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up mutual TLS with " + KEY_STORE + " " + tls.keyStore()
                    .orElse(null) + " and " + TRUST_STORE + " " + tls.trustStore().orElse(null) + ": " + e, e);
        }
    }

    private static KeyStore load(String key, Optional<Path> file, char[] password) {
        Path path = file.orElseThrow(() -> new IllegalStateException(key + " is required with mutual TLS on"));
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + key + " " + path + " as PKCS12: " + e, e);
        }
    }

    private static char[] password(Optional<String> password) {
        return password.map(String::toCharArray).orElse(null);
    }
}
