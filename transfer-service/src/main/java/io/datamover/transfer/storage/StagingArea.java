package io.datamover.transfer.storage;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.datamover.events.EventJson;
import io.datamover.events.Fields;
import io.datamover.transfer.domain.Manifest;
import io.datamover.transfer.domain.Receipt;
import io.datamover.transfer.domain.TransferException;
import io.datamover.transfer.domain.TransferException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The bookkeeping of incoming deltas, one directory per delta: {@code staging/<volumeId>/<snapshot>/} holding
 * {@code manifest.json}, a receipt {@code chunk-<k>} for each chunk written into the replica, and a
 * {@code COMMITTED} marker once the source committed. The chunks' data is not kept here: it is written into the
 * replica's open epoch, durably, before its receipt is. The manifest and the marker are written durably (temporary
 * file, fsync, rename); receipts are renamed into place without a sync, as a receipt lost to a power cut only means
 * that its chunk is sent again.
 */
public final class StagingArea {

    private static final String MANIFEST = "manifest.json";
    private static final String COMMITTED = "COMMITTED";
    private static final ObjectMapper JSON = EventJson.mapper();

    private final Path root;

    public StagingArea(Path dataDir) {
        this.root = dataDir.resolve("staging");
    }

    public Optional<Manifest> manifest(String volumeId, long snapshot) {
        Path file = dir(volumeId, snapshot).resolve(MANIFEST);
        try {
            return Optional.of(JSON.readValue(Files.readAllBytes(file), Manifest.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("cannot read the manifest " + file, e);
        }
    }

    /** Stages a new delta; anything staged before for the same snapshot is discarded. */
    public void begin(Manifest manifest) {
        discard(manifest.volumeId(), manifest.snapshot());
        Path dir = dir(manifest.volumeId(), manifest.snapshot());
        try {
            Files.createDirectories(dir);
            DurableFiles.write(dir.resolve(MANIFEST), JSON.writeValueAsBytes(manifest));
            DurableFiles.forceDirectory(dir.getParent());
        } catch (IOException e) {
            throw failure("cannot stage the manifest of " + manifest.describe() + " in " + dir, e);
        }
    }

    /** Records that chunk {@code receipt.chunk()} is written into the replica; recording it again replaces it. */
    public void recordChunk(Manifest manifest, Receipt receipt) {
        Path dir = dir(manifest.volumeId(), manifest.snapshot());
        Path file = chunkFile(dir, receipt.chunk());
        Path temp = dir.resolve(file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.write(temp, JSON.writeValueAsBytes(receipt));
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw failure("cannot record chunk " + receipt.chunk() + " of " + manifest.describe() + " in " + dir, e);
        }
    }

    /** The receipts of the chunks written into the replica, by chunk index; an unreadable receipt counts as none. */
    public SortedMap<Integer, Receipt> receipts(Manifest manifest) {
        Path dir = dir(manifest.volumeId(), manifest.snapshot());
        SortedMap<Integer, Receipt> receipts = new TreeMap<>();
        for (int k = 0; k < manifest.chunkCount(); k++) {
            int chunk = k;
            readReceipt(chunkFile(dir, k)).filter(r -> r.chunk() == chunk).ifPresent(r -> receipts.put(chunk, r));
        }
        return receipts;
    }

    /** The receipt of chunk {@code k}, if it was written into the replica. */
    public Optional<Receipt> receipt(Manifest manifest, int k) {
        return readReceipt(chunkFile(dir(manifest.volumeId(), manifest.snapshot()), k)).filter(r -> r.chunk() == k);
    }

    /** Chunks written into the replica, by index. */
    public SortedSet<Integer> verifiedChunks(Manifest manifest) {
        return new TreeSet<>(receipts(manifest).keySet());
    }

    /** Forgets the given chunks, so that the source sends them again. */
    public void forgetChunks(Manifest manifest, Collection<Integer> chunks) {
        Path dir = dir(manifest.volumeId(), manifest.snapshot());
        try {
            for (int k : chunks) {
                Files.deleteIfExists(chunkFile(dir, k));
            }
        } catch (IOException e) {
            throw failure("cannot forget chunks of " + manifest.describe() + " in " + dir, e);
        }
    }

    public void markCommitted(Manifest manifest) {
        Path dir = dir(manifest.volumeId(), manifest.snapshot());
        try {
            DurableFiles.write(dir.resolve(COMMITTED), new byte[0]);
        } catch (IOException e) {
            throw failure("cannot mark " + manifest.describe() + " committed in " + dir, e);
        }
    }

    public boolean isCommitted(Manifest manifest) {
        return Files.isRegularFile(dir(manifest.volumeId(), manifest.snapshot()).resolve(COMMITTED));
    }

    /** Manifests of every committed delta, by volume and ascending snapshot. */
    public List<Manifest> committed() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> markers = Files.find(root, 3, (path, attributes) ->
                attributes.isRegularFile() && path.getFileName().toString().equals(COMMITTED))) {
            return markers.map(Path::getParent)
                    .map(dir -> readManifest(dir.resolve(MANIFEST)))
                    .sorted(Comparator.comparing(Manifest::volumeId).thenComparingLong(Manifest::snapshot))
                    .toList();
        } catch (IOException e) {
            throw failure("cannot list the committed deltas under " + root, e);
        }
    }

    /** Deletes the staged delta, if any. */
    public void discard(String volumeId, long snapshot) {
        Path dir = dir(volumeId, snapshot);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted(Collections.reverseOrder()).toList()) {
                Files.delete(file);
            }
            Files.delete(dir);
            DurableFiles.forceDirectory(dir.getParent());
        } catch (IOException e) {
            throw failure("cannot delete the staged delta " + dir, e);
        }
    }

    /** Snapshots of the volume with a staged delta, ascending. */
    public List<Long> stagedSnapshots(String volumeId) {
        Path volumeDir = root.resolve(Fields.id("volumeId", volumeId));
        if (!Files.isDirectory(volumeDir)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(volumeDir)) {
            return dirs.map(dir -> dir.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw failure("cannot list the staged deltas under " + volumeDir, e);
        }
    }

    private static Optional<Receipt> readReceipt(Path file) {
        try {
            return Optional.of(JSON.readValue(Files.readAllBytes(file), Receipt.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Manifest readManifest(Path file) {
        try {
            return JSON.readValue(Files.readAllBytes(file), Manifest.class);
        } catch (IOException e) {
            throw failure("cannot read the manifest " + file, e);
        }
    }

    private Path dir(String volumeId, long snapshot) {
        Fields.id("volumeId", volumeId);
        Fields.positive("snapshot", snapshot);
        return root.resolve(volumeId).resolve(Long.toString(snapshot));
    }

    private static Path chunkFile(Path dir, int k) {
        return dir.resolve("chunk-" + k);
    }

    private static TransferException failure(String message, IOException cause) {
        return new TransferException(Reason.STAGING_FAILED, null, message + ": " + cause.getMessage(), cause);
    }
}
