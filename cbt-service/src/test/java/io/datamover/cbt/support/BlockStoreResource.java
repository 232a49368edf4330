package io.datamover.cbt.support;

import io.datamover.runtime.ServiceProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/** Runs the real block store of site {@value #SITE} as a child process and points the service under test at it. */
public class BlockStoreResource implements QuarkusTestResourceLifecycleManager {

    public static final String SITE = "stockholm";

    private static ServiceProcess running;

    private Path dataDir;
    private ServiceProcess store;

    /** Kills the store (SIGKILL), as a crash would, and starts it again on the same port and data. */
    public static void crashAndRestart() {
        running.kill();
        running.start();
    }

    @Override
    public Map<String, String> start() {
        try {
            dataDir = Files.createTempDirectory("cbt-service-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        store = ServiceProcess.builder("block-store")
                .property("datamover.site", SITE)
                .property("datamover.data-dir", dataDir.toString())
                .jvmOption("-Xmx256m")
                .logFile(Path.of("target", "block-store.log"))
                .build()
                .start();
        running = store;
        return Map.of("datamover.site", SITE, "datamover.store-url", store.url());
    }

    @Override
    public void stop() {
        if (store != null) {
            store.stop();
        }
        if (dataDir != null) {
            try (Stream<Path> paths = Files.walk(dataDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
