package io.datamover.launcher.bench;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.datamover.launcher.ByteSize;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Figures of {@code bench storage}, each measured once per round. A figure's top-level value is its median over
 * the rounds, a ratio's the median of the per-round ratios; {@link #spread()} holds every sample with min and max.
 * Throughputs in MB/s (10^6 bytes per second), times in milliseconds.
 *
 * @param smallVolume size label of the small volume, e.g. {@code 1GiB}
 * @param largeVolume size label of the large (sparse) volume, e.g. {@code 16GiB}
 * @param smallSnapshot snapshot time of the small volume after 1% of its blocks were written at random
 * @param largeSnapshot the same for the large volume
 * @param delta GetMetadataDelta for 1% scattered change of the large volume: changed blocks found and turned into
 *     {@code deltaExtents} extents of {@code deltaBytes} bytes
 * @param write 64 KiB random writes of {@code writeBytes} through the store by one writer, each acknowledged durable
 * @param writeCow the same, each the first overwrite of its block after a snapshot (copy-on-write)
 * @param rawWrite the same positional writes to a plain file, each followed by an fdatasync
 * @param snapshotRead reading a snapshot's changed extents ({@code readBytes}) through the store, {@code readPasses}
 *     times over in each measurement
 * @param rawRead positional reads of the same offsets from a plain file
 * @param apply a delta of {@code applyBytes} in scattered 64 KiB extents applied to a frozen replica holding its
 *     (sparse) base snapshot
 * @param rawApply positional writes of the same extents to a fresh sparse plain file, one fdatasync at the end
 */
@JsonPropertyOrder({"rounds", "blockSize", "snapshotMillis", "snapshotRatio", "deltaMillis", "deltaExtents",
    "deltaBytes", "writeBytes", "writeMBps", "writeCowMBps", "rawWriteMBps", "writeRatio", "readBytes", "readPasses",
    "snapshotReadMBps", "rawReadMBps", "readRatio", "applyBytes", "applyMBps", "rawApplyMBps", "applyRatio", "spread"})
public record StorageBenchResult(
        int rounds,
        int blockSize,
        @JsonIgnore String smallVolume,
        @JsonIgnore String largeVolume,
        @JsonIgnore Samples smallSnapshot,
        @JsonIgnore Samples largeSnapshot,
        @JsonIgnore Samples delta,
        long deltaExtents,
        long deltaBytes,
        long writeBytes,
        long readBytes,
        int readPasses,
        long applyBytes,
        @JsonIgnore Samples write,
        @JsonIgnore Samples writeCow,
        @JsonIgnore Samples rawWrite,
        @JsonIgnore Samples snapshotRead,
        @JsonIgnore Samples rawRead,
        @JsonIgnore Samples apply,
        @JsonIgnore Samples rawApply) {

    private static final List<String> NOTES = List.of(
            "Store and plain file work on the same blocks in fresh sparse files. Writes and reads alternate between",
            "them every 16 blocks of 64 KiB; apply runs both back to back, alternating which goes first by round.",
            "Writes: one writer; a store write returns once its intent log record, which carries its data, and its",
            "copy-on-write copy (after a snapshot) are fdatasync'ed; the live file is synced by the checkpoint that",
            "empties the full log, timed with the write that fills it. A plain write returns after pwrite +",
            "fdatasync. Reads: both sides read data written in the same round, each read once untimed first: both",
            "from the page cache. Apply: the replica holds the delta's (sparse) base, kept by copy-on-write; the",
            "plain file is written at the same extents, then fdatasync'ed once.");

    /** Median snapshot time by volume size label. */
    @JsonProperty
    public Map<String, Double> snapshotMillis() {
        Map<String, Double> millis = new LinkedHashMap<>();
        millis.put(smallVolume, smallSnapshot.median());
        millis.put(largeVolume, largeSnapshot.median());
        return millis;
    }

    /** The large volume's snapshot time over the small one's, per round. */
    @JsonIgnore
    public Samples snapshotRatioSamples() {
        return largeSnapshot.over(smallSnapshot);
    }

    @JsonProperty
    public double snapshotRatio() {
        return snapshotRatioSamples().median();
    }

    @JsonProperty
    public double deltaMillis() {
        return delta.median();
    }

    @JsonProperty
    public double writeMBps() {
        return write.median();
    }

    @JsonProperty
    public double writeCowMBps() {
        return writeCow.median();
    }

    @JsonProperty
    public double rawWriteMBps() {
        return rawWrite.median();
    }

    /** Median of the per-round store / plain write throughputs. */
    @JsonProperty
    public double writeRatio() {
        return write.over(rawWrite).median();
    }

    @JsonProperty
    public double snapshotReadMBps() {
        return snapshotRead.median();
    }

    @JsonProperty
    public double rawReadMBps() {
        return rawRead.median();
    }

    @JsonProperty
    public double readRatio() {
        return snapshotRead.over(rawRead).median();
    }

    @JsonProperty
    public double applyMBps() {
        return apply.median();
    }

    @JsonProperty
    public double rawApplyMBps() {
        return rawApply.median();
    }

    @JsonProperty
    public double applyRatio() {
        return apply.over(rawApply).median();
    }

    /** Every figure's samples in round order with min, max and median, under its top-level name. */
    @JsonProperty
    public Map<String, Samples> spread() {
        Map<String, Samples> spread = new LinkedHashMap<>();
        spread.put("snapshotMillis." + smallVolume, smallSnapshot);
        spread.put("snapshotMillis." + largeVolume, largeSnapshot);
        spread.put("snapshotRatio", snapshotRatioSamples());
        spread.put("deltaMillis", delta);
        spread.put("writeMBps", write);
        spread.put("writeCowMBps", writeCow);
        spread.put("rawWriteMBps", rawWrite);
        spread.put("writeRatio", write.over(rawWrite));
        spread.put("snapshotReadMBps", snapshotRead);
        spread.put("rawReadMBps", rawRead);
        spread.put("readRatio", snapshotRead.over(rawRead));
        spread.put("applyMBps", apply);
        spread.put("rawApplyMBps", rawApply);
        spread.put("applyRatio", apply.over(rawApply));
        return spread;
    }

    void print(PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "   %-74s %10s %21s%n", "median of " + rounds + " rounds; ratios: median of each"
                + " round's ratio", "median", "min .. max");
        row(out, "snapshot of the " + smallVolume + " volume, 1% of its blocks written in the epoch", "ms",
                smallSnapshot);
        row(out, "snapshot of the " + largeVolume + " volume (sparse), the same", "ms", largeSnapshot);
        row(out, "  " + largeVolume + " / " + smallVolume, "x", snapshotRatioSamples());
        row(out, "delta, 1% scattered change of " + largeVolume + " (" + deltaExtents + " extents, "
                + ByteSize.format(deltaBytes) + ")", "ms", delta);
        row(out, "64 KiB random writes through the store (" + ByteSize.format(writeBytes) + "), each durable",
                "MB/s", write);
        row(out, "  the same, first overwrite after a snapshot (copy-on-write)", "MB/s", writeCow);
        row(out, "  plain positional writes, fdatasync after each", "MB/s", rawWrite);
        row(out, "  store / plain", "%", write.over(rawWrite));
        row(out, "reading a snapshot's changed extents (" + ByteSize.format(readBytes) + ", " + readPasses + " times)",
                "MB/s", snapshotRead);
        row(out, "  plain positional reads of the same offsets", "MB/s", rawRead);
        row(out, "  store / plain", "%", snapshotRead.over(rawRead));
        row(out, "delta applied to a frozen replica (" + ByteSize.format(applyBytes) + " in scattered 64 KiB extents)",
                "MB/s", apply);
        row(out, "  plain positional writes of the same extents, one fdatasync at the end", "MB/s", rawApply);
        row(out, "  store / plain", "%", apply.over(rawApply));
        out.println();
        for (String note : NOTES) {
            out.println("   " + note);
        }
    }

    private static void row(PrintStream out, String what, String unit, Samples samples) {
        double scale = unit.equals("%") ? 100 : 1;
        String format = unit.equals("ms") || unit.equals("x") ? "%.2f" : "%.0f";
        out.printf(Locale.ROOT, "   %-74s %10s %21s%n", what,
                String.format(Locale.ROOT, format + " %s", samples.median() * scale, unit),
                String.format(Locale.ROOT, format + " .. " + format, samples.min() * scale, samples.max() * scale));
    }
}
