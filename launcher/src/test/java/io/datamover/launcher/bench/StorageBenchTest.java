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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The storage benchmark at a small scale: every figure is there and makes sense; no figure is judged. */
class StorageBenchTest {

    private static final int ROUNDS = 3;
    private static final String[] FIGURES = {"snapshotMillis.8MiB", "snapshotMillis.64MiB", "deltaMillis",
        "writeMBps", "writeCowMBps", "rawWriteMBps", "snapshotReadMBps", "rawReadMBps", "applyMBps", "rawApplyMBps"};

    @TempDir
    Path temp;

    @Test
    void shouldMeasureEveryFigureInEachRoundAndReportMediansAndSpread() throws Exception {
        Path dir = temp.resolve("bench");
        Path json = temp.resolve("storage.json");
        StringBuilder printed = new StringBuilder();

        int exit = run(printed, "--dir", dir.toString(), "--json", json.toString(), "--rounds", "" + ROUNDS,
                "--small-volume", "8MiB", "--large-volume", "64MiB", "--write-bytes", "2MiB", "--read-bytes", "7MiB",
                "--apply-bytes", "1MiB");

        assertThat(exit).isZero();
        assertThat(printed.toString()).contains("round 3/3", "snapshot of the 8MiB volume",
                "snapshot of the 64MiB volume", "store / plain", "delta applied to a frozen replica", "min .. max");
        JsonNode figures = EventJson.mapper().readTree(json.toFile());
        JsonNode spread = figures.path("spread");
        assertThat(figures.path("rounds").asInt()).isEqualTo(ROUNDS);
        for (String figure : FIGURES) {
            List<Double> samples = samples(spread, figure);
            assertThat(samples).as(figure).hasSize(ROUNDS).allSatisfy(s -> assertThat(s).isPositive().isFinite());
            assertThat(topLevel(figures, figure)).as(figure).isEqualTo(median(samples));
            assertThat(spread.path(figure).path("min").asDouble()).as(figure)
                    .isEqualTo(samples.stream().mapToDouble(d -> d).min().orElseThrow());
            assertThat(spread.path(figure).path("max").asDouble()).as(figure)
                    .isEqualTo(samples.stream().mapToDouble(d -> d).max().orElseThrow());
        }
        assertRatio(figures, "snapshotRatio", "snapshotMillis.64MiB", "snapshotMillis.8MiB");
        assertRatio(figures, "writeRatio", "writeMBps", "rawWriteMBps");
        assertRatio(figures, "readRatio", "snapshotReadMBps", "rawReadMBps");
        assertRatio(figures, "applyRatio", "applyMBps", "rawApplyMBps");
        assertThat(figures.path("deltaExtents").asLong()).isBetween(1L, 10L);
        assertThat(figures.path("deltaBytes").asLong()).as("1%% of 1024 blocks, each round distinct")
                .isEqualTo(10 * 65536L);
        assertThat(figures.path("writeBytes").asLong()).isEqualTo(2 << 20);
        assertThat(figures.path("readBytes").asLong()).as("every written block changed").isEqualTo(2 << 20);
        assertThat(figures.path("readPasses").asInt()).as("7 MiB in reads of 2 MiB").isEqualTo(4);
        assertThat(figures.path("applyBytes").asLong()).isEqualTo(1 << 20);
        assertThat(Files.exists(dir)).as("the bench removes its files").isFalse();
    }

    @Test
    void shouldRejectFewerThanOneRound() {
        StringBuilder printed = new StringBuilder();

        int exit = run(printed, "--dir", temp.resolve("bench").toString(), "--rounds", "0");

        assertThat(exit).isEqualTo(2);
        assertThat(Files.exists(temp.resolve("bench"))).isFalse();
    }

    /** The ratio's samples are the figures' per-round ratios, and its top-level value their median. */
    private static void assertRatio(JsonNode figures, String ratio, String numerator, String denominator) {
        List<Double> over = samples(figures.path("spread"), numerator);
        List<Double> under = samples(figures.path("spread"), denominator);
        List<Double> expected = new ArrayList<>();
        for (int i = 0; i < over.size(); i++) {
            expected.add(over.get(i) / under.get(i));
        }
        assertThat(samples(figures.path("spread"), ratio)).as(ratio).isEqualTo(expected);
        assertThat(figures.path(ratio).asDouble()).as(ratio).isCloseTo(median(expected), within(1e-12));
    }

    private static double topLevel(JsonNode figures, String figure) {
        String[] path = figure.split("\\.", 2);
        JsonNode node = figures.path(path[0]);
        return (path.length == 2 ? node.path(path[1]) : node).asDouble(-1);
    }

    private static List<Double> samples(JsonNode spread, String figure) {
        List<Double> samples = new ArrayList<>();
        spread.path(figure).path("samples").forEach(s -> samples.add(s.asDouble()));
        return samples;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static int run(StringBuilder printed, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            CommandLine command = new CommandLine(new StorageBenchCommand());
            command.setErr(new PrintWriter(bytes, true, StandardCharsets.UTF_8));
            return command.execute(args);
        } finally {
            System.setOut(stdout);
            printed.append(bytes.toString(StandardCharsets.UTF_8));
        }
    }
}
