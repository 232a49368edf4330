package io.datamover.snapshot.service;

import io.datamover.snapshot.config.SnapshotConfig;
import io.datamover.snapshot.domain.Protection;
import io.datamover.snapshot.storage.ProtectionFile;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/** The protections of this site, kept in memory and saved to the data directory on every change. */
@Startup
@Singleton
public class Protections {

    private static final Logger LOG = Logger.getLogger(Protections.class);

    private final ProtectionFile file;
    private volatile TreeMap<String, Protection> byVolume = new TreeMap<>();

    public Protections(SnapshotConfig config) {
        this.file = new ProtectionFile(config.dataDir());
        file.load().forEach(protection -> byVolume.put(protection.volumeId(), protection));
        LOG.infof("loaded %d protections of site %s from %s", byVolume.size(), config.site(), file.path());
    }

    public List<Protection> all() {
        return List.copyOf(byVolume.values());
    }

    public Optional<Protection> find(String volumeId) {
        return Optional.ofNullable(byVolume.get(volumeId));
    }

    /** Adds or replaces the protection of its volume; returns once it is saved. */
    public synchronized Protection put(Protection protection) {
        TreeMap<String, Protection> next = new TreeMap<>(byVolume);
        next.put(protection.volumeId(), protection);
        file.save(next.values());
        byVolume = next;
        return protection;
    }

    /** @return whether the volume was protected */
    public synchronized boolean remove(String volumeId) {
        if (!byVolume.containsKey(volumeId)) {
            return false;
        }
        TreeMap<String, Protection> next = new TreeMap<>(byVolume);
        next.remove(volumeId);
        file.save(next.values());
        byVolume = next;
        return true;
    }
}
