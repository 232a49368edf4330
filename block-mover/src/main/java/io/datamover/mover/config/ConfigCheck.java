package io.datamover.mover.config;

import io.datamover.blockstore.api.DeltaFormat;
import io.datamover.events.Fields;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fails the start, naming the key, when the configuration cannot work. */
@ApplicationScoped
public class ConfigCheck {

    /** A token shorter than this is guessable. */
    static final int MIN_TOKEN_LENGTH = 16;

    void check(@Observes @Priority(1) StartupEvent startup, MoverConfig config) {
        require(Fields.isValidId(config.volumeId()), "datamover.mover.volume-id",
                "must be a volume id (lower-case letters, digits and '-'), was '" + config.volumeId() + "'");
        require(config.snapshot() >= 1, "datamover.mover.snapshot", "must be 1 or more, was " + config.snapshot());
        config.baseSnapshot().ifPresent(base -> require(config.mode() == MoverConfig.Mode.REPLICA && base >= 1
                && base < config.snapshot(), "datamover.mover.base-snapshot", "must lie in [1, "
                        + "datamover.mover.snapshot) and be given in replica mode only, was " + base));
        require(config.volumeBytes() > 0 && config.volumeBytes() % DeltaFormat.SECTOR_SIZE == 0,
                "datamover.mover.volume-bytes", "must be a positive multiple of " + DeltaFormat.SECTOR_SIZE + ", was "
                        + config.volumeBytes());
        require(Files.isReadable(config.tokenFile()), "datamover.mover.token-file",
                "names nothing this process can read: '" + config.tokenFile() + "'");
        require(read(config.tokenFile()).strip().length() >= MIN_TOKEN_LENGTH, "datamover.mover.token-file",
                "must hold a token of at least " + MIN_TOKEN_LENGTH + " characters");
        Path device = config.devicePath();
        require(Files.isReadable(device), "datamover.mover.device-path",
                "names nothing this process can read: '" + device + "'");
        require(config.mode() != MoverConfig.Mode.REPLICA || Files.isWritable(device), "datamover.mover.device-path",
                "names nothing this process can write, which replica mode needs: '" + device + "'");
        if (Files.isRegularFile(device)) {
            long size = size(device);
            require(size >= config.volumeBytes(), "datamover.mover.device-path", "is a file of " + size
                    + " bytes, smaller than datamover.mover.volume-bytes (" + config.volumeBytes() + ")");
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException("invalid configuration: datamover.mover.token-file cannot be read: " + e,
                    e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new IllegalStateException("invalid configuration: datamover.mover.device-path cannot be read: " + e,
                    e);
        }
    }

    private static void require(boolean condition, String key, String problem) {
        if (!condition) {
            throw new IllegalStateException("invalid configuration: " + key + " " + problem);
        }
    }
}
