package io.datamover.transfer.storage;

import io.datamover.events.Fields;
import io.datamover.transfer.domain.TransferException;
import io.datamover.transfer.domain.TransferException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What this service knows of each csi replica beyond its claim and VolumeSnapshots, one durable file per volume in
 * {@code <data-dir>/replicas/<volumeId>} (lines: state, snapshot, base or {@code -}, reason): whether the replica is
 * frozen, and which delta may have written into its claim since its consistent snapshot (another delta restores
 * the claim first). No file: the replica is thawed and its claim reads as its consistent snapshot.
 */
public final class ReplicaMarks {

    /** The state of a frozen replica. */
    public enum State {
        /** Frozen; nothing written into the claim since its consistent snapshot. */
        FROZEN,
        /** Frozen; a delta was begun, so its parts may be in the claim. */
        WRITING
    }

    /**
     * A frozen replica's state and why it is frozen.
     *
     * @param snapshot while writing, the snapshot of the delta begun; 0 otherwise
     * @param base while writing, the base of the delta begun, null for a full copy or when not writing
     */
    public record Mark(State state, long snapshot, Long base, String reason) {

        public static Mark frozen(String reason) {
            return new Mark(State.FROZEN, 0, null, reason);
        }

        /** Writing the delta from {@code base} to {@code snapshot}. */
        public static Mark writing(long snapshot, Long base, String reason) {
            return new Mark(State.WRITING, snapshot, base, reason);
        }

        /** Whether the delta begun is the one from {@code base} to {@code snapshot}. */
        public boolean writes(long snapshot, Long base) {
            return state == State.WRITING && this.snapshot == snapshot && Objects.equals(this.base, base);
        }
    }

    private static final String NONE = "-";

    private final Path root;

    public ReplicaMarks(Path dataDir) {
        this.root = dataDir.resolve("replicas");
    }

    public Optional<Mark> get(String volumeId) {
        Path file = file(volumeId);
        try {
            String[] lines = Files.readString(file, StandardCharsets.UTF_8).split("\n", 4);
            return Optional.of(new Mark(State.valueOf(lines[0]), Long.parseLong(lines[1]),
                    lines[2].equals(NONE) ? null : Long.valueOf(lines[2]), lines[3]));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw failure("cannot read the state of the replica of volume " + volumeId + " in " + file, e);
        }
    }

    /** Records the mark durably. */
    public void put(String volumeId, Mark mark) {
        Path file = file(volumeId);
        try {
            Files.createDirectories(root);
            String text = mark.state().name() + "\n" + mark.snapshot() + "\n"
                    + (mark.base() == null ? NONE : mark.base().toString()) + "\n" + mark.reason();
            DurableFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw failure("cannot record the state of the replica of volume " + volumeId + " in " + file, e);
        }
    }

    /** The replica is thawed, its claim reads as its consistent snapshot. */
    public void remove(String volumeId) {
        Path file = file(volumeId);
        try {
            if (Files.deleteIfExists(file)) {
                DurableFiles.forceDirectory(root);
            }
        } catch (IOException e) {
            throw failure("cannot remove the state of the replica of volume " + volumeId + " in " + file, e);
        }
    }

    private Path file(String volumeId) {
        return root.resolve(Fields.id("volumeId", volumeId));
    }

    private static TransferException failure(String message, Exception e) {
        return new TransferException(Reason.STAGING_FAILED, null, message + ": " + e.getMessage(), e);
    }
}
