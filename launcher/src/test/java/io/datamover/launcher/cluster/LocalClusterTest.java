package io.datamover.launcher.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datamover.runtime.ServiceProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
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
    void shouldRefuseAWorkDirInUseByAnotherRunAndDeleteNothingInIt() throws IOException {
        Path workDir = dir.resolve("demo");
        Path data = Files.createDirectories(workDir.resolve("kafka/data"));
        Files.writeString(workDir.resolve(LocalCluster.LOCK_FILE), "pid 4242, started 2026-11-22T01:00:00Z");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        try (FileChannel other = FileChannel.open(workDir.resolve(LocalCluster.LOCK_FILE), StandardOpenOption.WRITE);
                FileLock held = other.lock()) {
            assertThat(held.isValid()).isTrue();
            assertThatThrownBy(() -> LocalCluster.start(workDir, List.of("stockholm"), new PrintStream(printed)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the work dir " + workDir.toAbsolutePath() + " is in use by another run"
                            + " (pid 4242, started 2026-11-22T01:00:00Z)");
        }
        assertThat(data).isDirectory();
    }

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
