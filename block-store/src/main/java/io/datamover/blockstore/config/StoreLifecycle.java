package io.datamover.blockstore.config;

import io.datamover.blockstore.grpc.SecurityTokens;
import io.datamover.blockstore.storage.VolumeStore;
import io.datamover.events.Fields;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import org.jboss.logging.Logger;

/** Checks the configuration and opens the volume store at start; closes it (syncing every volume) at stop. */
@ApplicationScoped
public class StoreLifecycle {

    private static final Logger LOG = Logger.getLogger(StoreLifecycle.class);

    @Produces
    @Singleton
    VolumeStore volumeStore(StoreConfig config) throws IOException {
        Fields.id("datamover.site", config.site());
        if (config.defaultMaxResults() < 1) {
            throw new IllegalArgumentException("datamover.default-max-results must be positive, was "
                    + config.defaultMaxResults());
        }
        config.snapshotMetadata().tokenFile().ifPresent(SecurityTokens::read);
        return VolumeStore.open(config.dataDir(), config.site());
    }

    void close(@Disposes VolumeStore store) throws IOException {
        store.close();
    }

    void onStart(@Observes StartupEvent event, StoreConfig config, VolumeStore store) {
        LOG.infof("block store of site %s serving %d volumes from %s; SnapshotMetadata %s", config.site(),
                store.list().size(), config.dataDir(), config.snapshotMetadata().tokenFile()
                        .map(file -> "asks for a security_token of " + file).orElse("asks for no security_token"));
    }
}
