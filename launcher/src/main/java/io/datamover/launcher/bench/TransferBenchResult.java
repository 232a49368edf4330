package io.datamover.launcher.bench;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.datamover.events.EventJson;
import io.datamover.launcher.ByteSize;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Figures of {@code bench transfer}. Our cycle figures are medians over the incremental cycles of a volume (every
 * sample in {@link #spread()}); byte counts are those of the last cycle, the one rsync repeats. Times in
 * milliseconds, throughputs in MB/s (10^6 bytes per second) of the whole volume.
 */
@JsonPropertyOrder({"volumeBytes", "blockSize", "warmupCycles", "cycles", "changedBlocks", "deltaBytes", "ours", "rsync", "scaling",
    "fullSync", "warmupCopy", "ratios", "spread", "notes"})
public record TransferBenchResult(
        @JsonIgnore VolumeRun main,
        @JsonIgnore RsyncRun rsyncRun,
        @JsonIgnore VolumeRun small,
        @JsonIgnore VolumeRun large,
        @JsonIgnore Optional<VolumeRun> warmupRun) {

    public TransferBenchResult(VolumeRun main, RsyncRun rsyncRun, VolumeRun small, VolumeRun large) {
        this(main, rsyncRun, small, large, Optional.empty());
    }

    /** The warm-up volume's first copy, the first data the services moved after their start. */
    @JsonPropertyOrder({"volumeBytes", "millis", "mbps"})
    public record WarmupCopy(long volumeBytes, double millis, double mbps) {
    }

    /**
     * Our cycle in the main volume: medians, and the bytes of the last cycle; the warm-up cycles' figures apart, in
     * the order they ran.
     */
    @JsonPropertyOrder({"cycleMillis", "changedSetMillis", "shipApplyMillis", "shippedBytes", "method",
        "warmupCycleMillis", "warmupShipApplyMillis"})
    public record Ours(double cycleMillis, double changedSetMillis, double shipApplyMillis, long shippedBytes,
            String method, List<Double> warmupCycleMillis, List<Double> warmupShipApplyMillis) {
    }

    @JsonPropertyOrder({"available", "deltaMillis", "fullMillis", "durableFullMillis", "deltaCommand", "fullCommand",
        "durableFullCommand"})
    public record Rsync(boolean available, Double deltaMillis, Double fullMillis, Double durableFullMillis,
            String deltaCommand, String fullCommand, String durableFullCommand) {
    }

    /** The main volume's first copy, from its snapshot taken to the replica consistent. */
    @JsonPropertyOrder({"millis", "shippedBytes", "method", "oursMBps", "rsyncMBps", "rsyncDurableMBps", "cpu"})
    public record FullSync(double millis, long shippedBytes, String method, double oursMBps, Double rsyncMBps,
            Double rsyncDurableMBps, CpuUse cpu) {
    }

    /** What the done-when compares; null where rsync is not installed. */
    @JsonPropertyOrder({"rsyncDeltaOverOursCycle", "rsyncDeltaOverOursShipApply", "largeOverSmallCycle",
        "fullSyncOursOverRsync", "fullSyncOursOverDurableRsync"})
    public record Ratios(Double rsyncDeltaOverOursCycle, Double rsyncDeltaOverOursShipApply,
            double largeOverSmallCycle, Double fullSyncOursOverRsync, Double fullSyncOursOverDurableRsync) {
    }

    @JsonProperty
    public long volumeBytes() {
        return main.volumeBytes();
    }

    @JsonProperty
    public int blockSize() {
        return main.blockSize();
    }

    /** Cycles of each volume run before the measured ones, not counted in the medians. */
    @JsonProperty
    public int warmupCycles() {
        return main.warmups().size();
    }

    @JsonProperty
    public int cycles() {
        return main.cycles().size();
    }

    /** Blocks changed at random before each incremental cycle of the main volume: 1% of them. */
    @JsonProperty
    public int changedBlocks() {
        return main.changedBlocks();
    }

    /** The changed set of the last cycle, as the cbt-service found it. */
    @JsonProperty
    public long deltaBytes() {
        return main.last().changedBytes();
    }

    @JsonProperty
    public Ours ours() {
        return new Ours(main.cycleMillis().median(), main.changedSetMillis().median(),
                main.shipApplyMillis().median(), main.last().shippedBytes(), main.last().method(),
                main.warmups().stream().map(TransferCycle::cycleMillis).toList(),
                main.warmups().stream().map(TransferCycle::shipApplyMillis).toList());
    }

    @JsonProperty
    public Rsync rsync() {
        return new Rsync(rsyncRun.available(), rsyncRun.deltaMillis(), rsyncRun.fullMillis(),
                rsyncRun.durableFullMillis(), rsyncRun.deltaCommand(), rsyncRun.fullCommand(),
                rsyncRun.durableFullCommand());
    }

    /** The main volume's delta on a small and a large volume; keys name the sizes, e.g. {@code cycleMillis16GiB}. */
    @JsonProperty
    public Map<String, Object> scaling() {
        Map<String, Object> scaling = new LinkedHashMap<>();
        scaling.put("cycleMillis" + small.label(), small.cycleMillis().median());
        scaling.put("cycleMillis" + large.label(), large.cycleMillis().median());
        scaling.put("shipApplyMillis" + small.label(), small.shipApplyMillis().median());
        scaling.put("shipApplyMillis" + large.label(), large.shipApplyMillis().median());
        scaling.put("deltaBytes" + small.label(), small.last().changedBytes());
        scaling.put("deltaBytes" + large.label(), large.last().changedBytes());
        scaling.put("smallVolumeBytes", small.volumeBytes());
        scaling.put("largeVolumeBytes", large.volumeBytes());
        scaling.put("largeWrittenBytes", large.writtenBytes());
        scaling.put("largeFirstCopyShippedBytes", large.firstCopy().shippedBytes());
        scaling.put("largeOverSmall", largeOverSmall());
        return scaling;
    }

    @JsonProperty
    public FullSync fullSync() {
        return new FullSync(main.firstCopy().cycleMillis(), main.firstCopy().shippedBytes(),
                main.firstCopy().method(), main.firstCopyMBps(), rsyncFullMBps(), rsyncDurableFullMBps(),
                main.firstCopyCpu());
    }

    /** Null when the bench ran without a warm-up volume: the main volume's first copy was the services' first. */
    @JsonProperty
    public WarmupCopy warmupCopy() {
        return warmupRun.map(run -> new WarmupCopy(run.volumeBytes(), run.firstCopy().cycleMillis(),
                run.firstCopyMBps())).orElse(null);
    }

    @JsonProperty
    public Ratios ratios() {
        Double rsyncFull = rsyncFullMBps();
        Double rsyncDurableFull = rsyncDurableFullMBps();
        return new Ratios(overOurs(ours().cycleMillis()), overOurs(ours().shipApplyMillis()), largeOverSmall(),
                rsyncFull == null ? null : main.firstCopyMBps() / rsyncFull,
                rsyncDurableFull == null ? null : main.firstCopyMBps() / rsyncDurableFull);
    }

    /** Every cycle's figures in cycle order, with median, min and max. */
    @JsonProperty
    public Map<String, Samples> spread() {
        Map<String, Samples> spread = new LinkedHashMap<>();
        spread.put("ours.cycleMillis", main.cycleMillis());
        spread.put("ours.changedSetMillis", main.changedSetMillis());
        spread.put("ours.shipApplyMillis", main.shipApplyMillis());
        spread.put("scaling.cycleMillis" + small.label(), small.cycleMillis());
        spread.put("scaling.cycleMillis" + large.label(), large.cycleMillis());
        return spread;
    }

    @JsonProperty
    public List<String> notes() {
        return List.of(
                "All processes (Kafka, two block stores, eight services, rsync) share this machine; our figures are"
                        + " read from the services' events: snapshot-taken, the last blocks-changed page (the"
                        + " changed set is complete, the transfer begins), replica-applied.",
                "Each cycle: " + changedBlocks() + " blocks of " + ByteSize.format(blockSize()) + " (1%) rewritten at"
                        + " random through the block store's API, then a snapshot through the snapshot-service's"
                        + " API; the replica is durable (fsync) before it is reported consistent.",
                "rsync repeats the main volume's last delta: the source snapshots before and after it exported to"
                        + " plain files just before; nothing is dropped from the page cache, so both rsync sides read"
                        + " warm files, which favours rsync. Plain rsync does not fsync: its copy may still be in"
                        + " the page cache when it ends; rsync --fsync ends once its copy is durable, as our replica"
                        + " is before it is reported consistent.",
                "Before each measured phase (a first copy, a cycle, an rsync run) the dirty pages of the one before"
                        + " are written back (sync, where it is on the PATH), so that no phase pays for another's"
                        + " writes.",
                "The " + large.label() + " volume is sparse: " + ByteSize.format(large.writtenBytes()) + " written in"
                        + " 4 MiB pieces spread over it; its first copy shipped only allocated blocks ("
                        + ByteSize.format(large.firstCopy().shippedBytes()) + "); the same delta lands anywhere in it.",
                "Each volume runs " + warmupCycles() + " warm-up cycle(s) after its first copy, reported apart"
                        + " (ours.warmupCycleMillis) and left out of the medians: the first cycles after the"
                        + " services start run while their code is still being compiled.",
                warmupRun.map(run -> "Before the main volume, a " + run.label() + " volume was copied once and"
                        + " cycled once (warmupCopy, not in the figures above), so that the first copies ran on"
                        + " services whose data path was compiled, as a service's is once it has run a while; with"
                        + " --warmup-volume 0 the main volume's first copy is the services' first.")
                        .orElse("No warm-up volume (--warmup-volume 0): the main volume's first copy was the first"
                                + " data the services moved after their start, while their code was being compiled."),
                "The scaling volumes get the main volume's delta: " + changedBlocks() + " blocks changed at random"
                        + " over the whole volume, so that only the volume's size differs.");
    }

    /** Writes the figures as JSON to {@code file}; absent figures (no rsync) as null rather than left out. */
    void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        EventJson.mapper().copy()
                .setDefaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.ALWAYS,
                        JsonInclude.Include.ALWAYS))
                .writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
    }

    private double largeOverSmall() {
        return large.cycleMillis().median() / small.cycleMillis().median();
    }

    private Double overOurs(double oursMillis) {
        return rsyncRun.deltaMillis() == null ? null : rsyncRun.deltaMillis() / oursMillis;
    }

    private Double rsyncFullMBps() {
        return rsyncRun.fullMillis() == null ? null : volumeBytes() / 1e3 / rsyncRun.fullMillis();
    }

    private Double rsyncDurableFullMBps() {
        return rsyncRun.durableFullMillis() == null ? null : volumeBytes() / 1e3 / rsyncRun.durableFullMillis();
    }

    void print(PrintStream out) {
        Ours ours = ours();
        Ratios ratios = ratios();
        out.println();
        out.printf(Locale.ROOT, "   %-78s %12s  %s%n", "median of " + cycles() + " cycles", "figure", "done when");
        out.printf("   %s volume, each cycle %d blocks changed at random (%s)%n", main.label(), changedBlocks(),
                ByteSize.format(deltaBytes()));
        row(out, "ours: cycle, snapshot taken to replica consistent", millis(ours.cycleMillis()), "");
        row(out, "  of it: changed set found (" + ours.method() + ")", millis(ours.changedSetMillis()), "");
        row(out, "  of it: ship + apply (changed set complete to replica consistent)", millis(ours.shipApplyMillis()),
                "");
        row(out, "  shipped (last cycle)", ByteSize.format(ours.shippedBytes()), "");
        for (int i = 0; i < ours.warmupCycleMillis().size(); i++) {
            row(out, "  warm-up cycle " + (i + 1) + ", not in the medians: cycle / ship + apply",
                    millis(ours.warmupCycleMillis().get(i)) + " / " + millis(ours.warmupShipApplyMillis().get(i)), "");
        }
        row(out, rsyncRun.deltaCommand(), millis(rsyncRun.deltaMillis()), "");
        row(out, "  rsync delta / our cycle", times(ratios.rsyncDeltaOverOursCycle()), ">= 5x");
        row(out, "  rsync delta / our ship + apply", times(ratios.rsyncDeltaOverOursShipApply()), ">= 10x");
        row(out, "cycle, " + small.label() + " volume, the same delta (" + ByteSize.format(small.last().changedBytes())
                + ")", millis(small.cycleMillis().median()), "");
        row(out, "cycle, " + large.label() + " volume" + (large.sparse() ? " (sparse)" : "") + ", the same delta ("
                + ByteSize.format(large.last().changedBytes()) + ")", millis(large.cycleMillis().median()), "");
        row(out, "  " + large.label() + " / " + small.label(), times(ratios.largeOverSmallCycle()), "<= 1.3x");
        row(out, "first copy of " + main.label() + ", ours (" + String.format(Locale.ROOT, "%.1f s",
                fullSync().millis() / 1000) + ")", mbps(main.firstCopyMBps()), "");
        row(out, rsyncRun.fullCommand() + (rsyncRun.fullMillis() == null ? ""
                : String.format(Locale.ROOT, " (%.1f s)", rsyncRun.fullMillis() / 1000)), mbps(rsyncFullMBps()), "");
        row(out, "  ours / rsync", percent(ratios.fullSyncOursOverRsync()), ">= 80%");
        warmupRun.ifPresent(run -> row(out, "  warm-up volume's first copy, " + run.label() + ", fresh services ("
                + String.format(Locale.ROOT, "%.1f s", run.firstCopy().cycleMillis() / 1000) + ")",
                mbps(run.firstCopyMBps()), ""));
        row(out, rsyncRun.durableFullCommand() + (rsyncRun.durableFullMillis() == null ? ""
                : String.format(Locale.ROOT, " (%.1f s)", rsyncRun.durableFullMillis() / 1000)),
                mbps(rsyncDurableFullMBps()), "");
        row(out, "  ours / rsync --fsync (both copies durable when done)",
                percent(ratios.fullSyncOursOverDurableRsync()), "");
        out.println();
        for (String note : notes()) {
            out.println("   " + note);
        }
    }

    private static String percent(Double ratio) {
        return ratio == null ? "n/a" : String.format(Locale.ROOT, "%.0f %%", ratio * 100);
    }

    private static void row(PrintStream out, String what, String figure, String target) {
        out.printf(Locale.ROOT, "   %-78s %12s  %s%n", what, figure, target);
    }

    private static String millis(Double millis) {
        return millis == null ? "n/a" : String.format(Locale.ROOT, "%.0f ms", millis);
    }

    private static String times(Double ratio) {
        return ratio == null ? "n/a" : String.format(Locale.ROOT, "%.2fx", ratio);
    }

    private static String mbps(Double mbps) {
        return mbps == null ? "n/a" : String.format(Locale.ROOT, "%.1f MB/s", mbps);
    }
}
