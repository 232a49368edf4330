package io.datamover.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.datamover.events.EventJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The transfer bench at a small scale against real processes (a KRaft broker, two block stores, eight services) and
 * the real rsync: every figure is there and makes sense, the cycles shipped what changed; no figure is judged.
 */
class TransferBenchIT {

    private static final long BLOCK = 65536;
    /** 1% of the 1024 blocks of 64 MiB; the scaling volumes get the same delta. */
    private static final long MAIN_DELTA = 10 * BLOCK;
    /** Per extent of a delta: an 8-byte offset and a 4-byte length. */
    private static final long FRAMING = 12;

    @TempDir
    Path temp;

    @Test
    void shouldMeasureOurCyclesFirstCopyAndRsyncOnTheSameDeltaAndStopEveryProcess() throws Exception {
        Path workDir = temp.resolve("bench");
        Path json = temp.resolve("transfer.json");
        StringBuilder printed = new StringBuilder();

        int exit = run(printed, "--work-dir", workDir.toString(), "--json", json.toString(), "--cycles", "2",
                "--volume-size", "64MiB", "--small-volume", "16MiB", "--large-volume", "128MiB",
                "--large-written", "16MiB", "--warmup-volume", "8MiB");

        assertThat(exit).as(printed.toString()).isZero();
        assertThat(printed.toString()).contains("ours: cycle, snapshot taken to replica consistent",
                "rsync --inplace --no-whole-file -B 65536 source-after target", "128MiB / 16MiB", "ours / rsync");
        JsonNode figures = EventJson.mapper().readTree(json.toFile());
        assertThat(figures.path("volumeBytes").asLong()).isEqualTo(64L << 20);
        assertThat(figures.path("cycles").asInt()).isEqualTo(2);
        assertThat(figures.path("warmupCycles").asInt()).isEqualTo(1);
        assertThat(figures.path("ours").path("warmupCycleMillis")).hasSize(1);
        assertThat(figures.path("changedBlocks").asInt()).isEqualTo(10);
        assertThat(figures.path("deltaBytes").asLong()).isEqualTo(MAIN_DELTA);

        JsonNode ours = figures.path("ours");
        assertThat(ours.path("method").asText()).isEqualTo("cbt");
        assertPositive(ours, "cycleMillis", "changedSetMillis", "shipApplyMillis");
        assertThat(ours.path("shipApplyMillis").asDouble()).isLessThan(ours.path("cycleMillis").asDouble());
        assertThat(ours.path("shippedBytes").asLong()).isBetween(MAIN_DELTA, MAIN_DELTA * 11 / 10 + 10 * FRAMING);

        // .ci/run installs rsync; elsewhere the bench says it is missing and reports its figures as null.
        boolean rsyncInstalled = Rsync.find(System.getenv("PATH")).isPresent();
        JsonNode rsync = figures.path("rsync");
        assertThat(rsync.path("available").asBoolean()).as("rsync on the PATH").isEqualTo(rsyncInstalled);
        if (rsyncInstalled) {
            assertPositive(rsync, "deltaMillis", "fullMillis");
        } else {
            assertThat(printed.toString()).contains("rsync is not installed (not on the PATH)");
            assertThat(rsync.path("deltaMillis").isNull()).as("no rsync figure").isTrue();
        }

        JsonNode scaling = figures.path("scaling");
        assertPositive(scaling, "cycleMillis16MiB", "cycleMillis128MiB", "largeOverSmall");
        assertThat(scaling.path("deltaBytes16MiB").asLong()).isEqualTo(MAIN_DELTA);
        assertThat(scaling.path("deltaBytes128MiB").asLong()).isEqualTo(MAIN_DELTA);
        assertThat(scaling.path("largeFirstCopyShippedBytes").asLong()).as("only allocated blocks shipped")
                .isBetween(16L << 20, (16L << 20) + (1 << 20));

        JsonNode fullSync = figures.path("fullSync");
        assertThat(fullSync.path("method").asText()).isEqualTo("full");
        assertThat(fullSync.path("shippedBytes").asLong()).isBetween(64L << 20, (64L << 20) + (1 << 20));
        assertPositive(fullSync, "millis", "oursMBps");
        assertThat(fullSync.path("rsyncMBps").isNumber()).isEqualTo(rsyncInstalled);
        assertThat(fullSync.path("oursMBps").asDouble())
                .isCloseTo((64L << 20) / 1e3 / fullSync.path("millis").asDouble(), within(1e-9));
        JsonNode cpu = fullSync.path("cpu");
        assertPositive(cpu, "seconds", "secondsPerGiB");
        assertThat(cpu.path("byProcess").fieldNames()).toIterable().as("the broker and both sites' five processes")
                .hasSize(11).contains("kafka", "stockholm block-store", "falkenberg transfer-service");

        JsonNode warmupCopy = figures.path("warmupCopy");
        assertThat(warmupCopy.path("volumeBytes").asLong()).isEqualTo(8L << 20);
        assertPositive(warmupCopy, "millis", "mbps");

        JsonNode ratios = figures.path("ratios");
        if (rsyncInstalled) {
            assertThat(ratios.path("rsyncDeltaOverOursCycle").asDouble())
                    .isEqualTo(rsync.path("deltaMillis").asDouble() / ours.path("cycleMillis").asDouble());
            assertThat(ratios.path("rsyncDeltaOverOursShipApply").asDouble())
                    .isEqualTo(rsync.path("deltaMillis").asDouble() / ours.path("shipApplyMillis").asDouble());
        } else {
            assertThat(ratios.path("rsyncDeltaOverOursCycle").isNull()).isTrue();
        }
        assertThat(ratios.path("largeOverSmallCycle").asDouble()).isEqualTo(scaling.path("largeOverSmall").asDouble());
        assertThat(figures.path("spread").path("ours.cycleMillis").path("samples")).hasSize(2);

        assertThat(Files.exists(workDir.resolve("rsync"))).as("exported files removed").isFalse();
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList())
                .as("every process stopped").isEmpty();
    }

    private static void assertPositive(JsonNode node, String... fields) {
        for (String field : fields) {
            assertThat(node.path(field).isNumber()).as(field + " in " + node).isTrue();
            assertThat(node.path(field).asDouble()).as(field).isPositive().isFinite();
        }
    }

    private static int run(StringBuilder printed, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            CommandLine command = new CommandLine(new TransferBenchCommand());
            command.setErr(new PrintWriter(bytes, true, StandardCharsets.UTF_8));
            return command.execute(args);
        } finally {
            System.setOut(stdout);
            printed.append(bytes.toString(StandardCharsets.UTF_8));
            System.out.print(printed);
        }
    }
}
