package io.datamover.snapshot.support;

import io.datamover.runtime.ServiceProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the real block store of site {@value #SITE} as a child process with its own data directory,
 * and points the service under test at it, with a fresh data directory of its own.
 */
public class BlockStoreResource implements QuarkusTestResourceLifecycleManager {

    public static final String SITE = "stockholm";

    private Path dir;
    private ServiceProcess store;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("snapshot-service-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        store = ServiceProcess.builder("block-store")
                .property("datamover.site", SITE)
                .property("datamover.data-dir", dir.resolve("block-store").toString())
                .jvmOption("-Xmx256m")
                .logFile(Path.of("target", "block-store.log"))
                .build()
                .start();
        return Map.of(
                "datamover.site", SITE,
                "datamover.store-url", store.url(),
                "datamover.data-dir", dir.resolve("snapshot-service").toString());
    }

    /** Hands the store's process to fields of type {@link ServiceProcess} of the test, which may stop and restart it. */
    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(store, new TestInjector.MatchesType(ServiceProcess.class));
    }

    @Override
    public void stop() {
        if (store != null) {
            store.stop();
        }
        deleteRecursively(dir);
    }

    private static void deleteRecursively(Path root) {
        if (root == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
