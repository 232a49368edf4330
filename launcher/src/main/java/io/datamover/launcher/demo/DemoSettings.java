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

    /** Writes per second that rewrite about {@code changePercent} of the blocks per interval (a write spans ~1-3 blocks). */
    double writesPerSecond() {
        double blocksPerInterval = volumeBytes / (double) blockSize * changePercent / 100;
        return Math.max(1, blocksPerInterval / intervalSeconds);
    }
}
