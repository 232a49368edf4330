package io.datamover.placement.rest;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A new Streams state directory per test run, so that no state of an earlier run's broker is restored. */
public class FreshStateDir implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "placement-state-");
            return Map.of("datamover.data-dir", dir.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        // Streams holds the directory until the application has stopped; the next clean build removes it.
    }
}
