package io.datamover.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.launcher.cluster.LocalCluster;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo end to end against real processes: a KRaft broker, and a block store plus the four
 * services per site. After several cycles the falkenberg replica equals the stockholm snapshot it
 * claims to hold, byte for byte, and each cycle shipped only what changed.
 */
class DemoIT {

    private static final long VOLUME_BYTES = 32L << 20;
    private static final int BLOCK_SIZE = 64 * 1024;

    @TempDir
    Path workDir;

    @Test
    void shouldReplicateOnlyChangedBlocksAndEndWithAnIdenticalReplica() throws Exception {
        DemoSettings settings = new DemoSettings("it-volume", VOLUME_BYTES, BLOCK_SIZE, 3, 2, 2.0, workDir, 7, 10);
        try (LocalCluster cluster = LocalCluster.start(workDir, List.of(DemoRun.SOURCE, DemoRun.TARGET), System.out)) {
            DemoReport report = new DemoRun(settings, System.out).replicate(cluster);

            assertThat(report.verified()).isTrue();
            assertThat(report.targetDigest()).isEqualTo(report.sourceDigest());
            assertThat(report.initialSyncBytes()).isBetween(VOLUME_BYTES, VOLUME_BYTES + VOLUME_BYTES / 20);
            assertThat(report.cycles()).hasSize(3).allSatisfy(cycle -> {
                assertThat(cycle.method()).isEqualTo("cbt");
                assertThat(cycle.changedBytes()).isPositive().isLessThan(VOLUME_BYTES / 4);
                assertThat(cycle.shippedBytes()).isLessThanOrEqualTo(
                        (long) (cycle.changedBytes() * 1.05) + BLOCK_SIZE);
                assertThat(cycle.shippedBytes()).isGreaterThanOrEqualTo(cycle.changedBytes());
            });

            long snapshot = report.verifiedSnapshot();
            BlockStoreClient source = new BlockStoreClient(cluster.site(DemoRun.SOURCE).store());
            BlockStoreClient target = new BlockStoreClient(cluster.site(DemoRun.TARGET).store());
            for (long offset = 0; offset < VOLUME_BYTES; offset += 4 << 20) {
                assertThat(target.readSnapshot("it-volume", snapshot, offset, 4 << 20))
                        .as("replica bytes at offset %d of snapshot %d", offset, snapshot)
                        .isEqualTo(source.readSnapshot("it-volume", snapshot, offset, 4 << 20));
            }
        }
    }
}
