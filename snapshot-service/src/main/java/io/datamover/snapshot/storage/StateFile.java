package io.datamover.snapshot.storage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.datamover.events.EventJson;
import io.datamover.snapshot.domain.Group;
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
 * A list of what a site protects, as JSON in the data directory, written atomically and durably: a
 * crash leaves either the old file or the new one, never a torn one.
 */
public final class StateFile<T> {

    public static final String PROTECTIONS = "protections.json";
    public static final String GROUPS = "groups.json";

    private static final ObjectMapper MAPPER = EventJson.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final Class<T[]> type;
    private final String what;

    private StateFile(Path file, Class<T[]> type, String what) {
        this.file = file;
        this.type = type;
        this.what = what;
    }

    /** The protections of single volumes, in {@value #PROTECTIONS}. */
    public static StateFile<Protection> protections(Path dataDir) {
        return new StateFile<>(dataDir.resolve(PROTECTIONS), Protection[].class, "protections");
    }

    /** The volume groups, in {@value #GROUPS}. */
    public static StateFile<Group> groups(Path dataDir) {
        return new StateFile<>(dataDir.resolve(GROUPS), Group[].class, "groups");
    }

    public Path path() {
        return file;
    }

    /** The saved list; empty when the file does not exist yet. */
    public List<T> load() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return Arrays.asList(MAPPER.readValue(file.toFile(), type));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the " + what + " in " + file + ": " + e.getMessage(), e);
        }
    }

    public void save(Collection<T> values) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            try {
                writeDurably(temp, MAPPER.writeValueAsBytes(values));
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                syncDirectory(file.getParent());
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the " + what + " to " + file + ": " + e.getMessage(), e);
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
