package io.datamover.blockstore.storage;

import io.datamover.blockstore.api.CreateVolume;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.blockstore.domain.Geometry;
import io.datamover.blockstore.domain.StoreException;
import io.datamover.blockstore.domain.StoreException.Reason;
import io.datamover.blockstore.domain.VolumeMetadata;
import io.datamover.events.Fields;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/** The volumes of one site's block store, under {@code <data-dir>/volumes/}. */
public final class VolumeStore implements Closeable {

    private static final Logger LOG = Logger.getLogger(VolumeStore.class);

    private final Path dataDir;
    private final Map<String, Volume> volumes = new ConcurrentHashMap<>();

    private VolumeStore(Path dataDir) {
        this.dataDir = dataDir;
    }

    /**
     * Opens the store of site {@code site} in {@code dataDir}, creating it if needed, with every volume found there.
     */
    public static VolumeStore open(Path dataDir, String site) throws IOException {
        VolumeStore store = new VolumeStore(dataDir);
        Path volumesDir = VolumeLayout.volumesDir(dataDir);
        Files.createDirectories(volumesDir);
        try (Stream<Path> directories = Files.list(volumesDir)) {
            for (Path directory : directories.filter(Files::isDirectory).toList()) {
                VolumeLayout layout = new VolumeLayout(directory);
                if (Files.exists(layout.metadata())) {
                    Volume volume = Volume.open(layout, site);
                    store.volumes.put(volume.id(), volume);
                } else {
                    LOG.warnf("ignoring %s: no volume.json (a creation or deletion that did not finish); creating the"
                            + " volume again replaces it", directory);
                }
            }
        }
        for (Volume volume : store.volumes.values()) {
            if (volume.origin() != null) {
                store.connect(volume, volume.origin());
            }
        }
        LOG.infof("block store in %s: %d volumes", dataDir, store.volumes.size());
        return store;
    }

    /** Creates a volume; {@code blockSize} and {@code role} default when null. */
    public synchronized Volume create(CreateVolume request) throws IOException {
        String id = validId(request.id());
        if (request.sizeBytes() == null) {
            throw StoreException.invalid("sizeBytes", "sizeBytes is required");
        }
        Geometry geometry = new Geometry(request.sizeBytes(),
                request.blockSize() == null ? CreateVolume.DEFAULT_BLOCK_SIZE : request.blockSize());
        VolumeRole role = request.role() == null ? VolumeRole.PRIMARY : request.role();
        if (volumes.containsKey(id)) {
            throw new StoreException(Reason.VOLUME_EXISTS, "volume " + id + " already exists", "id");
        }
        VolumeLayout layout = VolumeLayout.of(dataDir, id);
        deleteLeftovers(layout);
        Volume volume = Volume.create(layout, id, geometry, role);
        volumes.put(id, volume);
        LOG.infof("volume %s: created, %d bytes in blocks of %d, %s", id, geometry.sizeBytes(), geometry.blockSize(),
                role.code());
        return volume;
    }

    /**
     * Creates volume {@code newId}, a writable primary with the content of snapshot {@code snapshot} of volume
     * {@code sourceId}, in constant time: it reads the snapshot's blocks until it writes its own.
     */
    public synchronized Volume clone(String sourceId, long snapshot, String newId) throws IOException {
        String id = validId(newId);
        Volume source = get(sourceId);
        if (volumes.containsKey(id)) {
            throw new StoreException(Reason.VOLUME_EXISTS, "volume " + id + " already exists", "id");
        }
        source.addClone(snapshot, id);
        VolumeLayout layout = VolumeLayout.of(dataDir, id);
        Volume clone;
        try {
            deleteLeftovers(layout);
            clone = Volume.createClone(layout, id, source, snapshot);
        } catch (IOException | RuntimeException e) {
            source.removeClone(snapshot, id);
            throw e;
        }
        volumes.put(id, clone);
        LOG.infof("volume %s: created as a clone of snapshot %d of volume %s", id, snapshot, source.id());
        return clone;
    }

    /**
     * Deletes a volume and gives its space back, unless a clone reads from one of its snapshots or someone holds
     * one; a clone deleted no longer keeps its origin snapshot from being deleted.
     */
    public synchronized void delete(String id) throws IOException {
        Volume volume = get(id);
        volume.requireDeletable();
        volumes.remove(volume.id());
        volume.close();
        VolumeLayout layout = VolumeLayout.of(dataDir, volume.id());
        // Without volume.json the directory is no volume: a crash in the middle leaves leftovers, never half a volume.
        Files.delete(layout.metadata());
        AtomicFiles.syncDirectory(layout.directory());
        deleteLeftovers(layout);
        Files.delete(layout.directory());
        AtomicFiles.syncDirectory(layout.directory().getParent());
        VolumeMetadata.Origin origin = volume.origin();
        if (origin != null && volumes.containsKey(origin.volumeId())) {
            volumes.get(origin.volumeId()).removeClone(origin.snapshot(), volume.id());
        }
        LOG.infof("volume %s: deleted", volume.id());
    }

    /**
     * Takes the next snapshot of every volume of {@code volumeIds} at one point in time, as {@link GroupSnapshot}
     * says; no volume is created, cloned or deleted meanwhile.
     *
     * @return the snapshots in the order of {@code volumeIds}
     */
    public synchronized List<GroupSnapshot.Taken> snapshotTogether(List<String> volumeIds) throws IOException {
        return snapshotTogether(volumeIds, null);
    }

    /**
     * As {@link #snapshotTogether(List)}, freezing every volume with its snapshot, in the same step, when
     * {@code freezeReason} is not null: frozen volumes are accepted then.
     */
    public synchronized List<GroupSnapshot.Taken> snapshotTogether(List<String> volumeIds, String freezeReason)
            throws IOException {
        return GroupSnapshot.take(volumeIds, freezeReason, volumes::get);
    }

    /**
     * The volume {@code id}.
     *
     * @throws StoreException INVALID_ARGUMENT for a malformed id, VOLUME_NOT_FOUND for an unknown one
     */
    public Volume get(String id) {
        Volume volume = volumes.get(validId(id));
        if (volume == null) {
            throw new StoreException(Reason.VOLUME_NOT_FOUND, "volume " + id + " does not exist", "id");
        }
        return volume;
    }

    /** All volumes, by id. */
    public List<Volume> list() {
        return volumes.values().stream().sorted(Comparator.comparing(Volume::id)).toList();
    }

    @Override
    public void close() throws IOException {
        for (Volume volume : volumes.values()) {
            volume.close();
        }
        volumes.clear();
    }

    /** Stops as the death of the process would, leaving the data directory for the next open to recover. */
    void halt() throws IOException {
        for (Volume volume : volumes.values()) {
            volume.halt();
        }
        volumes.clear();
    }

    private void connect(Volume clone, VolumeMetadata.Origin origin) throws IOException {
        Volume source = volumes.get(origin.volumeId());
        if (source == null) {
            throw new IOException("volume " + clone.id() + " is a clone of snapshot " + origin.snapshot()
                    + " of volume " + origin.volumeId() + ", which is missing from " + dataDir);
        }
        source.addClone(origin.snapshot(), clone.id());
        clone.attachOrigin(source);
    }

    private static String validId(String id) {
        try {
            return Fields.id("id", id);
        } catch (IllegalArgumentException e) {
            throw StoreException.invalid("id", e.getMessage());
        }
    }

    private static void deleteLeftovers(VolumeLayout layout) throws IOException {
        if (!Files.isDirectory(layout.directory())) {
            return;
        }
        try (Stream<Path> files = Files.list(layout.directory())) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
    }
}
