package io.datamover.launcher.bench;

import io.datamover.launcher.ByteSize;
import java.util.List;

/**
 * One volume of the transfer bench: its first copy, its warm-up cycles (not measured: the services' code is
 * still being compiled) and its measured incremental cycles, each after {@code changedBlocks} blocks changed at
 * random.
 *
 * @param writtenBytes bytes written before the first copy; less than {@code volumeBytes} for a sparse volume
 * @param firstCopyCpu the CPU time every process used from protecting the volume to its first copy applied
 */
record VolumeRun(String volumeId, long volumeBytes, long writtenBytes, int blockSize, int changedBlocks,
        TransferCycle firstCopy, CpuUse firstCopyCpu, List<TransferCycle> warmups, List<TransferCycle> cycles) {

    VolumeRun {
        if (cycles.isEmpty()) {
            throw new IllegalArgumentException("volume " + volumeId + " has no incremental cycle");
        }
        warmups = List.copyOf(warmups);
        cycles = List.copyOf(cycles);
    }

    /** The volume's size as a short label, e.g. {@code 4GiB}. */
    String label() {
        return label(volumeBytes);
    }

    static String label(long bytes) {
        return ByteSize.format(bytes).replace(".0 ", "").replace(" ", "");
    }

    boolean sparse() {
        return writtenBytes < volumeBytes;
    }

    /** The last incremental cycle: the one whose snapshots the rsync comparison exports. */
    TransferCycle last() {
        return cycles.get(cycles.size() - 1);
    }

    Samples cycleMillis() {
        return new Samples(cycles.stream().map(TransferCycle::cycleMillis).toList());
    }

    Samples shipApplyMillis() {
        return new Samples(cycles.stream().map(TransferCycle::shipApplyMillis).toList());
    }

    Samples changedSetMillis() {
        return new Samples(cycles.stream().map(TransferCycle::changedSetMillis).toList());
    }

    /** The first copy's throughput over the whole volume, in MB/s (10^6 bytes per second). */
    double firstCopyMBps() {
        return volumeBytes / 1e3 / firstCopy.cycleMillis();
    }
}
