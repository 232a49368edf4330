package io.datamover.cbt.support;

import io.datamover.runtime.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/** The real block store of a site as a child process, on a data directory of its own that goes with it. */
public final class BlockStoreProcess implements AutoCloseable {

    private final Path dataDir;
    private final ServiceProcess process;

    private BlockStoreProcess(Path dataDir, ServiceProcess process) {
        this.dataDir = dataDir;
        this.process = process;
    }

    /** Starts the store of {@code site} with the given {@code -D} properties besides its site and data directory. */
    public static BlockStoreProcess start(String site, Map<String, String> properties, Path logFile) {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("cbt-service-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ServiceProcess.Builder builder = ServiceProcess.builder("block-store")
                .property("datamover.site", site)
                .property("datamover.data-dir", dataDir.toString())
                .jvmOption("-Xmx256m")
                .logFile(logFile);
        properties.forEach(builder::property);
        return new BlockStoreProcess(dataDir, builder.build().start());
    }

    public ServiceProcess process() {
        return process;
    }

    public String url() {
        return process.url();
    }

    @Override
    public void close() {
        process.stop();
        try (Stream<Path> paths = Files.walk(dataDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
