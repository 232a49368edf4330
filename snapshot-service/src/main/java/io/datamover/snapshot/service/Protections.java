package io.datamover.snapshot.service;

import io.datamover.snapshot.config.SnapshotConfig;
import io.datamover.snapshot.domain.Protection;
import io.datamover.snapshot.storage.StateFile;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The protections of this site's single volumes, saved to the data directory on every change.
 * Changes hold this object's monitor; {@link Groups} holds it too, so that a volume is never
 * protected both alone and in a group.
 */
@Startup
@Singleton
public class Protections {

    private static final Logger LOG = Logger.getLogger(Protections.class);

    private final SavedMap<Protection> byVolume;

    public Protections(SnapshotConfig config) {
        this.byVolume = new SavedMap<>(StateFile.protections(config.dataDir()), Protection::volumeId);
        LOG.infof("loaded %d protections of site %s from %s", byVolume.all().size(), config.site(), byVolume.path());
    }

    public List<Protection> all() {
        return byVolume.all();
    }

    public Optional<Protection> find(String volumeId) {
        return byVolume.find(volumeId);
    }

    /** Adds or replaces the protection of its volume; returns once it is saved. */
    public synchronized Protection put(Protection protection) {
        return byVolume.put(protection);
    }

    /** @return whether the volume was protected */
    public synchronized boolean remove(String volumeId) {
        return byVolume.remove(volumeId);
    }
}
