package io.datamover.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.SnapshotInfo;
import io.datamover.blockstore.api.VolumeInfo;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.events.DecisionType;
import io.datamover.events.PlacementDecision;
import io.datamover.launcher.cluster.LocalCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A switchover whose target dies during the barrier, against real processes: falkenberg's transfer-service is killed
 * first, so that the final snapshot can never be applied there, and once stockholm has frozen the group and taken
 * its final snapshot, every process of falkenberg is killed. Placement aborts (the target is lost); stockholm thaws,
 * stays primary, and holds exactly what it held at the final snapshot.
 */
class SwitchoverAbortIT {

    private static final long GROUP_BYTES = 32L << 20;
    private static final int BLOCK_SIZE = 64 * 1024;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path workDir;

    @Test
    void shouldAbortWhenTheTargetDiesDuringTheBarrierAndLeaveTheSourcePrimaryAndUnchanged() throws Exception {
        DemoSettings settings = new DemoSettings("unused", GROUP_BYTES, BLOCK_SIZE, 1, 2, 2.0, workDir, 13, 10);
        try (LocalCluster cluster = LocalCluster.start(workDir, List.of(DemoRun.SOURCE, DemoRun.TARGET), System.out)) {
            SwitchoverScenario scenario = new SwitchoverScenario(settings, System.out);
            scenario.run(cluster, group -> {
                SwitchoverScenario.Events events = group.events();
                cluster.kill(DemoRun.TARGET, "transfer-service");
                group.metrics().shortAt(DemoRun.SOURCE);
                Awaitility.await().atMost(TIMEOUT).until(() -> events.step("final-snapshot") != null);
                cluster.kill(DemoRun.TARGET);

                Awaitility.await().atMost(TIMEOUT).until(() -> events.step("aborted") != null);
                PlacementDecision abort = events.step("abort");
                assertThat(abort.type()).isEqualTo(DecisionType.ABORT);
                assertThat(abort.cause()).containsAnyOf("target falkenberg lost during final-snapshot",
                        "deadline");
                assertThat(events.step("commit")).isNull();

                BlockStoreClient stockholm = group.stores().get(DemoRun.SOURCE);
                Map<String, Long> finals = events.finalSnapshots();
                for (String volumeId : List.of("webshop-data", "webshop-wal")) {
                    VolumeInfo volume = stockholm.volume(volumeId);
                    assertThat(volume.role()).isEqualTo(VolumeRole.PRIMARY);
                    assertThat(volume.frozen()).isFalse();
                    SnapshotInfo now = stockholm.createSnapshot(volumeId);
                    assertThat(stockholm.digest(volumeId, now.snapshot()).digest())
                            .as("%s after the abort against its final snapshot %d", volumeId, finals.get(volumeId))
                            .isEqualTo(stockholm.digest(volumeId, finals.get(volumeId)).digest());
                    stockholm.write(volumeId, 0, new byte[4096]);
                }
                return null;
            });
        }
    }
}
