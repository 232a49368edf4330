package io.datamover.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.datamover.events.EventJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transfer bench's figures from known cycles: medians, ratios, sizes in the key names, null without rsync. */
class TransferBenchResultTest {

    private static final long GIB = 1L << 30;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String DELTA = "rsync --inplace --no-whole-file -B 65536 source-after target";
    private static final String FULL = "rsync source-after fresh-target";
    private static final String DURABLE_FULL = "rsync --fsync source-after durable-target";

    @TempDir
    Path temp;

    private final VolumeRun main = run("bench-main", 4 * GIB, 4 * GIB, 20_000,
            cycle(2, 900, 100, 40 << 20), cycle(3, 1_100, 300, 41 << 20), cycle(4, 1_000, 200, 42 << 20));
    private final VolumeRun small = run("bench-small", GIB, GIB, 10_000, cycle(2, 400, 100, 10 << 20));
    private final VolumeRun large = run("bench-large", 16 * GIB, GIB, 10_000, cycle(2, 600, 100, 160 << 20));

    @Test
    void shouldReportMediansOfOurCyclesAndRatiosAgainstRsync() throws Exception {
        TransferBenchResult result = new TransferBenchResult(main, new RsyncRun(true, DELTA, FULL, DURABLE_FULL, 4_000.0, 8_000.0, 16_000.0),
                small, large);

        JsonNode figures = write(result);

        assertThat(figures.path("volumeBytes").asLong()).isEqualTo(4 * GIB);
        assertThat(figures.path("deltaBytes").asLong()).as("the last cycle's").isEqualTo(42 << 20);
        JsonNode ours = figures.path("ours");
        assertThat(ours.path("cycleMillis").asDouble()).isEqualTo(1_000);
        assertThat(ours.path("changedSetMillis").asDouble()).isEqualTo(200);
        assertThat(ours.path("shipApplyMillis").asDouble()).isEqualTo(800);
        assertThat(ours.path("shippedBytes").asLong()).isEqualTo((42 << 20) + 12);
        assertThat(figures.path("rsync").path("deltaMillis").asDouble()).isEqualTo(4_000);
        assertThat(figures.path("scaling").path("cycleMillis1GiB").asDouble()).isEqualTo(400);
        assertThat(figures.path("scaling").path("cycleMillis16GiB").asDouble()).isEqualTo(600);
        assertThat(figures.path("scaling").path("largeWrittenBytes").asLong()).isEqualTo(GIB);
        assertThat(figures.path("fullSync").path("oursMBps").asDouble()).isCloseTo(4 * GIB / 1e3 / 20_000,
                within(1e-9));
        assertThat(figures.path("fullSync").path("rsyncMBps").asDouble()).isCloseTo(4 * GIB / 1e3 / 8_000,
                within(1e-9));
        JsonNode ratios = figures.path("ratios");
        assertThat(ratios.path("rsyncDeltaOverOursCycle").asDouble()).isEqualTo(4.0);
        assertThat(ratios.path("rsyncDeltaOverOursShipApply").asDouble()).isEqualTo(5.0);
        assertThat(ratios.path("largeOverSmallCycle").asDouble()).isEqualTo(1.5);
        assertThat(ratios.path("fullSyncOursOverRsync").asDouble()).isCloseTo(0.4, within(1e-12));
        assertThat(figures.path("fullSync").path("rsyncDurableMBps").asDouble()).isCloseTo(4 * GIB / 1e3 / 16_000,
                within(1e-9));
        assertThat(ratios.path("fullSyncOursOverDurableRsync").asDouble()).isCloseTo(0.8, within(1e-12));
        JsonNode cpu = figures.path("fullSync").path("cpu");
        assertThat(cpu.path("seconds").asDouble()).isEqualTo(8.0);
        assertThat(cpu.path("secondsPerGiB").asDouble()).as("8 CPU-s for 4 GiB").isEqualTo(2.0);
        assertThat(cpu.path("byProcess").fieldNames()).toIterable().as("most used first")
                .containsExactly("falkenberg block-store", "kafka");
        assertThat(figures.path("spread").path("ours.cycleMillis").path("samples"))
                .extracting(JsonNode::asDouble).containsExactly(900.0, 1_100.0, 1_000.0);
    }

    @Test
    void shouldReportWarmupCyclesApartFromTheMedians() throws Exception {
        VolumeRun warmed = run("bench-main", 4 * GIB, 4 * GIB, 20_000, List.of(cycle(2, 5_000, 400, 40 << 20)),
                cycle(3, 900, 100, 40 << 20), cycle(4, 1_100, 300, 41 << 20), cycle(5, 1_000, 200, 42 << 20));
        TransferBenchResult result = new TransferBenchResult(warmed, new RsyncRun(true, DELTA, FULL, DURABLE_FULL,
                4_000.0, 8_000.0, 16_000.0), small, large);

        JsonNode figures = write(result);

        assertThat(figures.path("warmupCycles").asInt()).isEqualTo(1);
        assertThat(figures.path("cycles").asInt()).isEqualTo(3);
        JsonNode ours = figures.path("ours");
        assertThat(ours.path("cycleMillis").asDouble()).as("the median of the measured cycles").isEqualTo(1_000);
        assertThat(ours.path("warmupCycleMillis")).extracting(JsonNode::asDouble).containsExactly(5_000.0);
        assertThat(ours.path("warmupShipApplyMillis")).extracting(JsonNode::asDouble).containsExactly(4_600.0);
        assertThat(figures.path("ratios").path("rsyncDeltaOverOursCycle").asDouble()).isEqualTo(4.0);
        assertThat(print(result)).contains("warm-up cycle 1, not in the medians", "5000 ms / 4600 ms");
    }

    @Test
    void shouldReportTheWarmupVolumesFirstCopyApartFromTheMainOne() throws Exception {
        VolumeRun warmup = run("bench-warmup", 512L << 20, 512L << 20, 8_000, cycle(2, 700, 100, 40 << 20));
        TransferBenchResult result = new TransferBenchResult(main, new RsyncRun(true, DELTA, FULL, DURABLE_FULL,
                4_000.0, 8_000.0, 16_000.0), small, large, Optional.of(warmup));

        JsonNode figures = write(result);

        JsonNode copy = figures.path("warmupCopy");
        assertThat(copy.path("volumeBytes").asLong()).isEqualTo(512L << 20);
        assertThat(copy.path("millis").asDouble()).isEqualTo(8_000);
        assertThat(copy.path("mbps").asDouble()).isCloseTo((512L << 20) / 1e3 / 8_000, within(1e-9));
        assertThat(figures.path("fullSync").path("oursMBps").asDouble()).as("the main volume's, not the warm-up's")
                .isCloseTo(4 * GIB / 1e3 / 20_000, within(1e-9));
        assertThat(print(result)).contains("warm-up volume's first copy, 512MiB, fresh services (8.0 s)",
                "a 512MiB volume was copied once");
    }

    @Test
    void shouldWriteTheWarmupCopyAsNullWithoutAWarmupVolume() throws Exception {
        TransferBenchResult result = new TransferBenchResult(main, new RsyncRun(true, DELTA, FULL, DURABLE_FULL,
                4_000.0, 8_000.0, 16_000.0), small, large);

        assertThat(write(result).path("warmupCopy").isNull()).isTrue();
        assertThat(print(result)).contains("--warmup-volume 0").doesNotContain("warm-up volume's first copy");
    }

    @Test
    void shouldWriteRsyncFiguresAndTheirRatiosAsNullWhereRsyncIsMissing() throws Exception {
        TransferBenchResult result = new TransferBenchResult(main, RsyncRun.missing(DELTA, FULL, DURABLE_FULL), small, large);

        JsonNode figures = write(result);
        String printed = print(result);

        for (JsonNode absent : List.of(figures.path("rsync").path("deltaMillis"),
                figures.path("rsync").path("fullMillis"), figures.path("fullSync").path("rsyncMBps"),
                figures.path("ratios").path("rsyncDeltaOverOursCycle"),
                figures.path("ratios").path("fullSyncOursOverRsync"), figures.path("rsync").path("durableFullMillis"),
                figures.path("fullSync").path("rsyncDurableMBps"),
                figures.path("ratios").path("fullSyncOursOverDurableRsync"))) {
            assertThat(absent.isNull()).as("present as null: " + absent).isTrue();
        }
        assertThat(figures.path("rsync").path("available").asBoolean()).isFalse();
        assertThat(figures.path("ratios").path("largeOverSmallCycle").asDouble()).isEqualTo(1.5);
        assertThat(printed).contains(DELTA, "n/a", "16GiB volume (sparse)", "16GiB / 1GiB");
    }

    private JsonNode write(TransferBenchResult result) throws Exception {
        Path json = temp.resolve("figures/transfer.json");
        result.write(json);
        return EventJson.mapper().readTree(json.toFile());
    }

    private static String print(TransferBenchResult result) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        result.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static VolumeRun run(String volumeId, long volumeBytes, long writtenBytes, long firstCopyMillis,
            TransferCycle... cycles) {
        return run(volumeId, volumeBytes, writtenBytes, firstCopyMillis, List.of(), cycles);
    }

    private static VolumeRun run(String volumeId, long volumeBytes, long writtenBytes, long firstCopyMillis,
            List<TransferCycle> warmups, TransferCycle... cycles) {
        TransferCycle first = new TransferCycle(volumeId, 1, null, "full", T0, T0.plusMillis(50),
                T0.plusMillis(firstCopyMillis), writtenBytes, writtenBytes + 12);
        CpuUse cpu = new CpuUse(writtenBytes, Map.of("kafka", 2.0, "falkenberg block-store", 6.0));
        return new VolumeRun(volumeId, volumeBytes, writtenBytes, 65536, 640, first, cpu, warmups, List.of(cycles));
    }

    private static TransferCycle cycle(long snapshot, long cycleMillis, long changedSetMillis, long changedBytes) {
        Instant taken = T0.plusSeconds(snapshot * 100);
        return new TransferCycle("v", snapshot, snapshot - 1, "cbt", taken, taken.plusMillis(changedSetMillis),
                taken.plusMillis(cycleMillis), changedBytes, changedBytes + 12);
    }
}
