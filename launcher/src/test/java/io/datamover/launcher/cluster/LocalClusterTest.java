package io.datamover.launcher.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.runtime.ServiceProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalClusterTest {

    private static final List<String> MODULES = List.of("block-store", "snapshot-service", "cbt-service",
            "transfer-service", "placement-service");

    @TempDir
    Path dir;

    @Test
    void shouldRestartTheStoppedProcessesOfOneSiteBlockStoreFirst() {
        List<ServiceProcess> processes = new ArrayList<>();
        for (String site : List.of("stockholm", "stockholm-south", "falkenberg")) {
            for (String module : MODULES) {
                processes.add(ServiceProcess.builder(module).repoRoot(dir)
                        .logFile(dir.resolve("logs").resolve(site + "-" + module + ".log")).build());
            }
        }

        List<List<ServiceProcess>> stages = LocalCluster.restartStages(processes, "stockholm");

        assertThat(stages).hasSize(2);
        assertThat(stages.get(0)).extracting(ServiceProcess::module).containsExactly("block-store");
        assertThat(stages.get(1)).extracting(ServiceProcess::module)
                .containsExactly("snapshot-service", "cbt-service", "transfer-service", "placement-service");
        assertThat(stages.stream().flatMap(List::stream).map(p -> p.logFile().getFileName().toString()))
                .allMatch(log -> log.startsWith("stockholm-") && !log.startsWith("stockholm-south-"));
    }
}
