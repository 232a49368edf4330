package io.datamover.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.launcher.cluster.LocalCluster;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failover scenario end to end against real processes: a group of two volumes replicated from stockholm to
 * falkenberg while the workload writes; every process of stockholm is killed, falkenberg is promoted at the last common
 * snapshots and takes the writes; stockholm's processes start again, it rejoins and is resynced with the delta only.
 * Both copies are equal bit for bit at a last snapshot of falkenberg, and the resync shipped about what diverged, far
 * less than the volumes.
 */
class FailoverIT {

    private static final long GROUP_BYTES = 64L << 20;
    private static final int BLOCK_SIZE = 64 * 1024;
    /** The transfer-service's {@code datamover.transfer.chunk-bytes} default, which the local cluster keeps. */
    private static final long CHUNK_BYTES = 4L << 20;

    /** Kept when the test fails, for the service logs under {@code logs/}. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path workDir;

    @Test
    void shouldFailOverOnAPowerCutAndResyncTheReturningSiteWithTheDivergedBlocksOnly() throws Exception {
        DemoSettings settings = new DemoSettings("unused", GROUP_BYTES, BLOCK_SIZE, 1, 2, 2.0, workDir, 17, 15);
        try (LocalCluster cluster = LocalCluster.start(workDir, List.of(DemoRun.SOURCE, DemoRun.TARGET), System.out)) {
            DemoReport report = new FailoverScenario(settings, System.out).run(cluster);

            DemoReport.FailoverReport failover = report.failover();
            assertThat(failover.decisionId()).startsWith("failover-webshop-");
            assertThat(failover.trigger()).contains("stockholm lost", "data-loss window (RPO)");
            assertThat(failover.failoverMillis()).isPositive();
            assertThat(failover.promotedSnapshots()).containsOnlyKeys("webshop-data", "webshop-wal");

            DemoReport.ResyncReport resync = report.resync();
            assertThat(resync.decisionId()).startsWith("resync-webshop-");
            assertThat(resync.commonSnapshots()).isEqualTo(failover.promotedSnapshots());
            assertThat(resync.resyncedSnapshots()).allSatisfy((volumeId, snapshot) ->
                    assertThat(snapshot).isGreaterThan(resync.commonSnapshots().get(volumeId)));
            assertThat(resync.volumeBytes()).isEqualTo(GROUP_BYTES);
            assertThat(resync.divergedBytes()).isPositive();
            assertThat(resync.shippedBytes())
                    .isLessThanOrEqualTo((long) (1.1 * resync.divergedBytes()) + CHUNK_BYTES * 2)
                    .isLessThan(resync.volumeBytes());

            assertThat(report.verified()).isTrue();
            assertThat(report.initialSyncMillis()).as("the group's first copy took time").isPositive();
            assertThat(report.targetDigest()).isEqualTo(report.sourceDigest());
            BlockStoreClient stockholm = new BlockStoreClient(cluster.site(DemoRun.SOURCE).store());
            BlockStoreClient falkenberg = new BlockStoreClient(cluster.site(DemoRun.TARGET).store());
            failover.verifiedSnapshots().forEach((volumeId, last) -> {
                assertThat(falkenberg.volume(volumeId).role()).isEqualTo(VolumeRole.PRIMARY);
                assertThat(stockholm.volume(volumeId).role()).isEqualTo(VolumeRole.REPLICA);
                assertThat(stockholm.volume(volumeId).consistentSnapshot()).isGreaterThanOrEqualTo(last);
                for (long offset = 0; offset < GROUP_BYTES / 2; offset += 4 << 20) {
                    assertThat(stockholm.readSnapshot(volumeId, last, offset, 4 << 20))
                            .as("%s at offset %d of the last snapshot %d", volumeId, offset, last)
                            .isEqualTo(falkenberg.readSnapshot(volumeId, last, offset, 4 << 20));
                }
            });
        }
    }
}
