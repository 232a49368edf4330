package io.datamover.launcher.cluster;

import io.datamover.events.EventJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The running local cluster as written to {@code <work-dir>/cluster.json}, so that other commands
 * ({@code ./datamover status}) find the broker and the services while the demo runs.
 */
public record ClusterInfo(String bootstrapServers, List<SiteEndpoints> sites) {

    public static final String FILE = "cluster.json";

    public void write(Path workDir) throws IOException {
        Path temp = workDir.resolve(FILE + ".tmp");
        EventJson.mapper().writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), this);
        Files.move(temp, workDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The running cluster; when none runs, the message points to {@code addressOption}, which does without one. */
    public static ClusterInfo read(Path workDir, String addressOption) throws IOException {
        Path file = workDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException("no local cluster is running: " + file.toAbsolutePath() + " does not exist"
                    + " (start one with ./datamover demo, or pass " + addressOption + ")");
        }
        return EventJson.mapper().readValue(file.toFile(), ClusterInfo.class);
    }
}
