package io.datamover.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.launcher.cluster.LocalCluster;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The switchover scenario end to end against real processes: a group of two volumes replicated from stockholm to
 * falkenberg while the workload writes; a cooling shortage at stockholm moves the group to falkenberg. Falkenberg's
 * copy equals the final snapshot bit for bit, falkenberg is primary and takes the workload's writes, stockholm is its
 * replica.
 */
class SwitchoverIT {

    private static final long GROUP_BYTES = 64L << 20;
    private static final int BLOCK_SIZE = 64 * 1024;

    @TempDir
    Path workDir;

    @Test
    void shouldMoveTheGroupOnACoolingShortageAndEndWithTheFinalSnapshotAtTheNewPrimary() throws Exception {
        DemoSettings settings = new DemoSettings("unused", GROUP_BYTES, BLOCK_SIZE, 1, 2, 2.0, workDir, 11, 10);
        try (LocalCluster cluster = LocalCluster.start(workDir, List.of(DemoRun.SOURCE, DemoRun.TARGET), System.out)) {
            DemoReport report = new SwitchoverScenario(settings, System.out).run(cluster);

            assertThat(report.verified()).isTrue();
            assertThat(report.initialSyncBytes()).isGreaterThanOrEqualTo(GROUP_BYTES / 2);
            assertThat(report.initialSyncMillis()).as("the group's first copy took time").isPositive();
            DemoReport.SwitchoverReport switchover = report.switchover();
            assertThat(switchover.volumes()).containsExactly("webshop-data", "webshop-wal");
            assertThat(switchover.trigger()).contains("stockholm: cooling headroom 2.0 kW below 10.0 kW");
            assertThat(switchover.downtimeMillis()).isPositive();
            assertThat(switchover.finalDeltaBytes()).isNotNegative().isLessThan(GROUP_BYTES);

            BlockStoreClient stockholm = new BlockStoreClient(cluster.site(DemoRun.SOURCE).store());
            BlockStoreClient falkenberg = new BlockStoreClient(cluster.site(DemoRun.TARGET).store());
            for (String volumeId : switchover.volumes()) {
                long last = switchover.finalSnapshots().get(volumeId);
                assertThat(falkenberg.volume(volumeId).role()).isEqualTo(VolumeRole.PRIMARY);
                assertThat(stockholm.volume(volumeId).role()).isEqualTo(VolumeRole.REPLICA);
                assertThat(stockholm.volume(volumeId).consistentSnapshot()).isGreaterThanOrEqualTo(last);
                for (long offset = 0; offset < GROUP_BYTES / 2; offset += 4 << 20) {
                    assertThat(falkenberg.readSnapshot(volumeId, last, offset, 4 << 20))
                            .as("%s at offset %d of the final snapshot %d", volumeId, offset, last)
                            .isEqualTo(stockholm.readSnapshot(volumeId, last, offset, 4 << 20));
                }
            }
        }
    }
}
