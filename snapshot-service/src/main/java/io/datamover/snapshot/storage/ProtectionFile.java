package io.datamover.snapshot.storage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.datamover.events.EventJson;
import io.datamover.snapshot.domain.Protection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The protections of a site in {@code protections.json}, written atomically: a crash leaves either
 * the old file or the new one, never a torn one.
 */
public final class ProtectionFile {

    public static final String NAME = "protections.json";

    private static final ObjectMapper MAPPER = EventJson.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;

    public ProtectionFile(Path dataDir) {
        this.file = dataDir.resolve(NAME);
    }

    public Path path() {
        return file;
    }

    /** The saved protections; none when the file does not exist yet. */
    public List<Protection> load() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return Arrays.asList(MAPPER.readValue(file.toFile(), Protection[].class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the protections in " + file + ": " + e.getMessage(), e);
        }
    }

    public void save(Collection<Protection> protections) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), NAME, ".tmp");
            try {
                writeDurably(temp, MAPPER.writeValueAsBytes(protections));
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                syncDirectory(file.getParent());
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the protections to " + file + ": " + e.getMessage(), e);
        }
    }

    private static void writeDurably(Path path, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    /** Makes the rename durable: the directory entry is only on disk once the directory is synced. */
    private static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
