package io.datamover.transfer.it;

import io.datamover.runtime.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The processes of the test sites, started with a small heap, stopped together; their files under {@code target}. */
final class SiteProcesses {

    private final List<ServiceProcess> processes = new ArrayList<>();

    ServiceProcess start(ServiceProcess.Builder builder) {
        ServiceProcess process = builder.jvmOption("-Xmx256m").build();
        processes.add(process);
        return process.start();
    }

    void stopAll() {
        processes.forEach(ServiceProcess::stop);
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
