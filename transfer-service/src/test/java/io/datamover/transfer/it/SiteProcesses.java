package io.datamover.transfer.it;

import io.datamover.runtime.ServiceProcess;
import io.datamover.runtime.SharedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The processes of the test sites, started with a small heap, stopped together; their logs under {@code target},
 * their data there until they stop.
 */
final class SiteProcesses {

    private final List<ServiceProcess> processes = new ArrayList<>();

    ServiceProcess start(ServiceProcess.Builder builder) {
        ServiceProcess process = builder.jvmOption("-Xmx256m").build();
        processes.add(process);
        return process.start();
    }

    /** Starts the block store of {@code site}, its data under {@code dir/<site>/block-store}, its log beside. */
    ServiceProcess startStore(Path dir, String site) {
        return start(ServiceProcess.builder("block-store")
                .property("datamover.site", site)
                .property("datamover.data-dir", dir.resolve(site + "/block-store").toString())
                .logFile(dir.resolve(site + "-block-store.log")));
    }

    /**
     * A transfer-service of {@code site} on its block store, reaching the shared broker, its data under
     * {@link #transferData}, its log at {@link #transferLog}; not started.
     */
    static ServiceProcess.Builder transferService(Path dir, String site, ServiceProcess store) {
        return ServiceProcess.builder("transfer-service")
                .property("datamover.site", site)
                .property("datamover.store-url", store.url())
                .property("datamover.data-dir", transferData(dir, site).toString())
                .property("kafka.bootstrap.servers", SharedKafka.bootstrapServers())
                .logFile(transferLog(dir, site));
    }

    static Path transferData(Path dir, String site) {
        return dir.resolve(site + "/transfer-service");
    }

    static Path transferLog(Path dir, String site) {
        return dir.resolve(site + "-transfer-service.log");
    }

    void stopAll() {
        processes.forEach(ServiceProcess::stop);
    }

    /**
     * Stops the processes, then deletes the sites' data under {@code dir} (every directory in it) and keeps their
     * logs (the files in it): a test class's sites hold gigabytes of volumes that no later test reads.
     */
    void stopAllAndDeleteData(Path dir) {
        stopAll();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : entries.filter(Files::isDirectory).toList()) {
                deleteTree(entry);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the data of the test sites in " + dir, e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** A new directory for the data and logs of the sites, named {@code <prefix>-…}. */
    static Path directory(String prefix) {
        try {
            Path target = Files.createDirectories(Path.of("target"));
            return Files.createTempDirectory(target.toAbsolutePath(), prefix + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of the test sites", e);
        }
    }
}
