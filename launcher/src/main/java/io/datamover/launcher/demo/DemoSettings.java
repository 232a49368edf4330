package io.datamover.launcher.demo;

import java.nio.file.Path;

/** The demo's validated options. */
public record DemoSettings(
        String volumeId,
        long volumeBytes,
        int blockSize,
        int cycles,
        int intervalSeconds,
        double changePercent,
        Path workDir,
        long seed,
        int timeoutMinutes) {

    /**
     * Writes per second that rewrite about {@code changePercent} of the blocks per interval: a
     * write of {@link Workload#MAX_WRITE}/2 bytes on average at a random offset touches
     * 1 + length / blockSize blocks on average.
     */
    double writesPerSecond() {
        double blocksPerInterval = volumeBytes / (double) blockSize * changePercent / 100;
        double blocksPerWrite = 1 + Workload.MAX_WRITE / 2.0 / blockSize;
        return Math.max(1, blocksPerInterval / blocksPerWrite / intervalSeconds);
    }
}
