package io.datamover.transfer.storage;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.datamover.events.EventJson;
import io.datamover.events.Fields;
import io.datamover.transfer.domain.Checksums;
import io.datamover.transfer.domain.DeltaDigest;
import io.datamover.transfer.domain.Manifest;
import io.datamover.transfer.domain.TransferException;
import io.datamover.transfer.domain.TransferException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Incoming deltas on disk, one directory per delta: {@code staging/<volumeId>/<snapshot>/} holding
 * {@code manifest.json}, {@code chunk-<k>} with its checksum in {@code chunk-<k>.crc32c}, and a
 * {@code COMMITTED} marker once the source committed. Every file is written durably (temporary
 * file, fsync, rename); a chunk counts as verified once both of its files are in place.
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

    /** Stores a verified chunk; writing the same chunk again replaces it. */
    public void writeChunk(Manifest manifest, int k, byte[] body, String checksum) {
        Path dir = dir(manifest.volumeId(), manifest.snapshot());
        try {
            DurableFiles.write(checksumFile(dir, k), checksum.getBytes(StandardCharsets.US_ASCII));
            DurableFiles.write(chunkFile(dir, k), body);
        } catch (IOException e) {
            throw failure("cannot stage chunk " + k + " of " + manifest.describe() + " in " + dir, e);
        }
    }

    /** Chunks staged with their checksum, by index. */
    public SortedSet<Integer> verifiedChunks(Manifest manifest) {
        Path dir = dir(manifest.volumeId(), manifest.snapshot());
        return IntStream.range(0, manifest.chunkCount())
                .filter(k -> Files.isRegularFile(chunkFile(dir, k)) && Files.isRegularFile(checksumFile(dir, k)))
                .boxed()
                .collect(TreeSet::new, TreeSet::add, TreeSet::addAll);
    }

    /** What a re-read of the staged chunks found. */
    public record Reverified(List<Integer> missing, String digest) {
    }

    /**
     * Reads every chunk back, in order, checking it against its checksum and feeding the delta's digest;
     * a chunk that no longer matches is deleted, so that the source sends it again.
     *
     * @return the chunks missing or deleted, ascending, and the digest of the delta (meaningful only when
     *         none is missing)
     */
    public Reverified reverify(Manifest manifest) {
        Path dir = dir(manifest.volumeId(), manifest.snapshot());
        List<Integer> missing = new ArrayList<>();
        DeltaDigest digest = new DeltaDigest();
        for (int k = 0; k < manifest.chunkCount(); k++) {
            if (!intact(dir, k, digest)) {
                missing.add(k);
            }
        }
        return new Reverified(missing, digest.hex());
    }

    /** Deletes every staged chunk of the delta, keeping its manifest, so that the source sends them all again. */
    public void discardChunks(Manifest manifest) {
        Path dir = dir(manifest.volumeId(), manifest.snapshot());
        try {
            for (int k = 0; k < manifest.chunkCount(); k++) {
                Files.deleteIfExists(checksumFile(dir, k));
                Files.deleteIfExists(chunkFile(dir, k));
            }
            DurableFiles.forceDirectory(dir);
        } catch (IOException e) {
            throw failure("cannot delete the staged chunks of " + manifest.describe() + " in " + dir, e);
        }
    }

    /** The staged chunks in order, as one delta stream. */
    public InputStream delta(Manifest manifest) {
        Path dir = dir(manifest.volumeId(), manifest.snapshot());
        Iterator<Integer> chunks = IntStream.range(0, manifest.chunkCount()).iterator();
        return new SequenceInputStream(new Enumeration<InputStream>() {
            @Override
            public boolean hasMoreElements() {
                return chunks.hasNext();
            }

            @Override
            public InputStream nextElement() {
                Path file = chunkFile(dir, chunks.next());
                try {
                    return Files.newInputStream(file);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the staged chunk " + file, e);
                }
            }
        });
    }

    /** Bytes of all staged chunks: what crossed the link. */
    public long stagedBytes(Manifest manifest) {
        Path dir = dir(manifest.volumeId(), manifest.snapshot());
        long total = 0;
        for (int k = 0; k < manifest.chunkCount(); k++) {
            try {
                total += Files.size(chunkFile(dir, k));
            } catch (IOException e) {
                throw failure("cannot read the size of chunk " + k + " of " + manifest.describe(), e);
            }
        }
        return total;
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

    private boolean intact(Path dir, int k, DeltaDigest digest) {
        Path chunk = chunkFile(dir, k);
        Path checksum = checksumFile(dir, k);
        try {
            String expected = Files.readString(checksum, StandardCharsets.US_ASCII);
            if (expected.equals(crc32c(chunk, digest))) {
                return true;
            }
            Files.delete(chunk);
            return false;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw failure("cannot verify the staged chunk " + chunk, e);
        }
    }

    private static String crc32c(Path file, DeltaDigest digest) throws IOException {
        CRC32C crc = new CRC32C();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                crc.update(buffer, 0, n);
                digest.update(buffer, 0, n);
            }
        }
        return Checksums.format(crc.getValue());
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

    private static Path checksumFile(Path dir, int k) {
        return dir.resolve("chunk-" + k + ".crc32c");
    }

    private static TransferException failure(String message, IOException cause) {
        return new TransferException(Reason.STAGING_FAILED, null, message + ": " + cause.getMessage(), cause);
    }
}
