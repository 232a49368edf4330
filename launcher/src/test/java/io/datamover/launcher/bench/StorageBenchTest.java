package io.datamover.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.datamover.events.EventJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The storage benchmark at a small scale: every figure is there and makes sense; no figure is judged. */
class StorageBenchTest {

    @TempDir
    Path temp;

    @Test
    void shouldMeasureEveryFigureOnRealFilesAndCleanUp() throws Exception {
        Path dir = temp.resolve("bench");
        Path json = temp.resolve("storage.json");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        int exit;
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            exit = new CommandLine(new StorageBenchCommand()).execute("--dir", dir.toString(), "--json",
                    json.toString(), "--small-volume", "8MiB", "--large-volume", "64MiB", "--write-bytes", "2MiB");
        } finally {
            System.setOut(stdout);
        }

        assertThat(exit).isZero();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("snapshot of a 8MiB volume",
                "snapshot of a 64MiB volume", "store / plain");
        JsonNode figures = EventJson.mapper().readTree(json.toFile());
        assertThat(figures.path("snapshotMillis").path("8MiB").asDouble(-1)).isPositive();
        assertThat(figures.path("snapshotMillis").path("64MiB").asDouble(-1)).isPositive();
        assertThat(figures.path("deltaExtents").asLong()).isBetween(1L, 10L);
        assertThat(figures.path("deltaBytes").asLong()).as("1%% of 1024 blocks, each round distinct")
                .isEqualTo(10 * 65536L);
        for (String field : new String[] {"deltaMillis", "writeMBps", "writeCowMBps", "rawWriteMBps",
                "snapshotReadMBps", "rawReadMBps", "writeRatio", "readRatio"}) {
            assertThat(figures.path(field).asDouble(-1)).as(field).isPositive().isFinite();
        }
        assertThat(Files.exists(dir)).as("the bench removes its files").isFalse();
    }
}
