package io.datamover.cbt.config;

import io.datamover.cbt.config.CbtConfig.Discovery;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Fails the start, naming the key, when the configuration of the SnapshotMetadata client cannot work. */
@ApplicationScoped
public class ConfigCheck {

    /** The shortest token the TokenRequest API issues. */
    static final Duration SHORTEST_TOKEN = Duration.ofMinutes(10);

    void check(@Observes @Priority(1) StartupEvent startup, CbtConfig config) {
        check(config);
    }

    /** @throws IllegalArgumentException naming the first key that cannot work */
    public static void check(CbtConfig config) {
        CbtConfig.Cbt cbt = config.cbt();
        if (cbt.discovery() == Discovery.STATIC) {
            require(config.storeUrl().isPresent(), "datamover.store-url", "is required with datamover.cbt.discovery"
                    + "=static");
            readable("datamover.cbt.security-token-file", cbt.securityTokenFile());
            readable("datamover.cbt.ca-file", cbt.caFile());
            return;
        }
        cbt.csiDriver().ifPresent(driver -> require(!driver.isBlank(), "datamover.cbt.csi-driver",
                "must not be blank"));
        require(!cbt.serviceAccount().isBlank(), "datamover.cbt.service-account", "must not be blank");
        require(cbt.tokenLifetime().compareTo(SHORTEST_TOKEN) >= 0, "datamover.cbt.token-lifetime",
                "must be at least " + SHORTEST_TOKEN.toMinutes() + "m, was " + cbt.tokenLifetime());
        require(!cbt.tokenRenewBefore().isNegative() && cbt.tokenRenewBefore().compareTo(cbt.tokenLifetime()) < 0,
                "datamover.cbt.token-renew-before", "must lie in [0, datamover.cbt.token-lifetime), was "
                        + cbt.tokenRenewBefore());
    }

    private static void readable(String key, Optional<Path> file) {
        file.ifPresent(path -> require(Files.isRegularFile(path) && Files.isReadable(path), key,
                "must be a readable file, was '" + path + "'"));
    }

    private static void require(boolean condition, String key, String problem) {
        if (!condition) {
            throw new IllegalArgumentException("invalid configuration: " + key + " " + problem);
        }
    }
}
