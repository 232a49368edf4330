package io.datamover.mover;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/** A file of random bytes standing in for the snapshot's block device, and the mover configured to serve it. */
public class SnapshotFileResource implements QuarkusTestResourceLifecycleManager {

    static final String VOLUME = "pv-mover-test";
    static final long SNAPSHOT = 3;
    static final int VOLUME_BYTES = 4 * 1024 * 1024;
    static final String TOKEN = "test-token-0123456789abcdef";

    private Path file;
    private Path tokenFile;

    @Override
    public Map<String, String> start() {
        byte[] content = new byte[VOLUME_BYTES];
        new Random(42).nextBytes(content);
        try {
            file = Files.createTempFile("snapshot-device", ".img");
            Files.write(file, content);
            tokenFile = Files.writeString(Files.createTempFile("mover-token", ""), TOKEN + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new HashMap<>(mode());
        config.putAll(Map.of(
                "datamover.mover.device-path", file.toString(),
                "datamover.mover.volume-id", VOLUME,
                "datamover.mover.snapshot", Long.toString(SNAPSHOT),
                "datamover.mover.volume-bytes", Integer.toString(VOLUME_BYTES),
                "datamover.mover.token-file", tokenFile.toString()));
        return config;
    }

    /** The configuration of the mover's mode: none, the snapshot mode. */
    protected Map<String, String> mode() {
        return Map.of();
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(file, new TestInjector.MatchesType(Path.class));
    }

    @Override
    public void stop() {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(tokenFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
