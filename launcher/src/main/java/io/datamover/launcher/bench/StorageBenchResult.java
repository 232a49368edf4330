package io.datamover.launcher.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.datamover.launcher.ByteSize;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Figures of {@code bench storage}. Throughputs in MB/s (10^6 bytes per second), times in
 * milliseconds (median of several runs).
 *
 * @param snapshotMillis snapshot time by volume size ({@code 1GiB}, {@code 16GiB})
 * @param deltaMillis GetMetadataDelta for 1% scattered change of the large volume: changed blocks
 *     found and turned into extents
 * @param writeMBps 64 KiB random writes through the store, each acknowledged durable
 * @param writeCowMBps the same, each the first overwrite of its block after a snapshot (copy-on-write)
 * @param rawWriteMBps positional writes to a plain file, each followed by an fsync
 * @param snapshotReadMBps reading a snapshot's changed extents through the store
 * @param rawReadMBps positional reads of the same offsets from a plain file
 */
public record StorageBenchResult(
        int blockSize,
        Map<String, Double> snapshotMillis,
        double deltaMillis,
        long deltaExtents,
        long deltaBytes,
        double writeMBps,
        double writeCowMBps,
        double rawWriteMBps,
        double snapshotReadMBps,
        double rawReadMBps) {

    /** Store write throughput as a share of the raw one. */
    @JsonProperty
    public double writeRatio() {
        return writeMBps / rawWriteMBps;
    }

    /** Store snapshot read throughput as a share of the raw one. */
    @JsonProperty
    public double readRatio() {
        return snapshotReadMBps / rawReadMBps;
    }

    void print(PrintStream out) {
        out.println();
        snapshotMillis.forEach((size, millis) -> row(out, "snapshot of a " + size + " volume", "%.2f ms", millis));
        row(out, "delta, 1% scattered change (" + deltaExtents + " extents, " + ByteSize.format(deltaBytes) + ")",
                "%.2f ms", deltaMillis);
        row(out, "64 KiB random writes through the store", "%.0f MB/s", writeMBps);
        row(out, "  the same, copy-on-write after a snapshot", "%.0f MB/s", writeCowMBps);
        row(out, "  plain positional writes + fsync", "%.0f MB/s", rawWriteMBps);
        row(out, "  store / plain", "%.0f %%", writeRatio() * 100);
        row(out, "reading a snapshot's changed extents", "%.0f MB/s", snapshotReadMBps);
        row(out, "  plain positional reads", "%.0f MB/s", rawReadMBps);
        row(out, "  store / plain", "%.0f %%", readRatio() * 100);
    }

    private static void row(PrintStream out, String what, String format, double value) {
        out.printf(Locale.ROOT, "   %-62s %12s%n", what, String.format(Locale.ROOT, format, value));
    }
}
