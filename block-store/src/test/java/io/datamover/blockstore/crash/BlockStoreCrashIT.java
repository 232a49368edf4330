package io.datamover.blockstore.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.SnapshotInfo;
import io.datamover.blockstore.api.VolumeInfo;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.blockstore.crash.Operation.Kind;
import io.datamover.events.ChangeMethod;
import io.datamover.runtime.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.RoaringBitmap;

/**
 * Kills the block store's process (SIGKILL) at random moments while a client writes, snapshots and deletes on a
 * primary volume and ships its snapshots to a replica volume of the same store, and checks after each restart
 * that nothing acknowledged was lost, that the next delta misses no changed block, and that the next shipped
 * replica equals its source bit for bit. {@code -Dcrash.seed=N} replays a seed's workload (kill moments vary);
 * {@code -Dcrash.rounds=N} runs more rounds than the build's {@value #DEFAULT_ROUNDS}, for a longer soak.
 */
class BlockStoreCrashIT {

    private static final String SITE = "crash-site";
    private static final String VOLUME = "crashed";
    private static final String REPLICA = "crashed-replica";
    private static final int BLOCK = 64 * 1024;
    private static final int SIZE = 16 * 1024 * 1024;
    private static final int DEFAULT_ROUNDS = 10;
    /** The time a round may take on average on a busy machine, for the test's time budget. */
    private static final Duration ROUND_BUDGET = Duration.ofSeconds(20);
    private static final int MIN_KILLS_DURING_APPLY = 3;
    /** The share of rounds that kill during an apply; the others kill after a random number of operations. */
    private static final int APPLY_KILL_PERCENT = 60;
    /**
     * Kills during an apply land when a uniform share of its delta was streamed to the store, or, in the share
     * above 1 of this spread, after it was all streamed: while the store writes the rest and seals the snapshot.
     */
    private static final double APPLY_KILL_SPREAD = 1.25;
    /** After the whole delta was streamed, the kill lands within this share of the apply's expected time. */
    private static final double AFTER_STREAMED_SHARE = 0.5;

    @TempDir
    Path dataDir;

    @Test
    void shouldLoseNoAcknowledgedWriteAndShipAnExactReplicaWhenKilledAtRandomMoments() throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        Random random = new Random(seed);
        CrashWorkload workload = new CrashWorkload(SITE, VOLUME, REPLICA, SIZE, random.nextLong());
        int maxRounds = Integer.getInteger("crash.rounds", DEFAULT_ROUNDS);
        Duration timeBudget = ROUND_BUDGET.multipliedBy(maxRounds);
        Map<Kind, Integer> kills = new EnumMap<>(Kind.class);
        long deadline = System.nanoTime() + timeBudget.toNanos();
        int rounds = 0;
        ServiceProcess store = start(0);
        BlockStoreClient client = BlockStoreClient.of(store.url());
        client.createVolume(VOLUME, SIZE, BLOCK, VolumeRole.PRIMARY);
        client.createVolume(REPLICA, SIZE, BLOCK, VolumeRole.REPLICA);
        client.freeze(REPLICA, "replica of " + VOLUME);
        workload.connect(store);
        while (rounds < maxRounds && System.nanoTime() < deadline) {
            rounds++;
            String round = "round " + rounds + " (seed " + seed + ")";
            long roundStart = System.nanoTime();
            workload.ensureSnapshot();
            int applyKillsMissing = MIN_KILLS_DURING_APPLY - kills.getOrDefault(Kind.APPLY, 0);
            boolean applyKillDue = applyKillsMissing > maxRounds - rounds;
            boolean duringApply = applyKillDue || random.nextInt(100) < APPLY_KILL_PERCENT;
            Kill kill = killAtRandomMoment(store, workload, random, duringApply, applyKillDue);
            kill.interrupted().ifPresent(kind -> kills.merge(kind, 1, Integer::sum));
            System.out.printf("crash test %s: killed %s, in %s%n", round, kill.moment(),
                    kill.interrupted().map(Kind::name).orElse("no operation"));

            store = start(rounds);
            client = BlockStoreClient.of(store.url());
            workload.connect(store);
            workload.settle();
            assertReplicaRecovered(client, workload, round);
            assertReappliedExactly(client, workload, round);
            assertPrimaryRecovered(client, workload, round);
            assertNextShipmentExact(client, workload, round);
            System.out.printf("crash test %s: recovered and verified, %d ms%n", round,
                    Duration.ofNanos(System.nanoTime() - roundStart).toMillis());
        }
        workload.disconnect();
        store.stop();
        System.out.printf("crash test: %d rounds, %d operations acknowledged, kills in %s (seed %d)%n", rounds,
                workload.acknowledged(), kills, seed);
        assertThat(rounds).as("rounds within %s", timeBudget).isGreaterThanOrEqualTo(maxRounds - 1);
        assertThat(kills.getOrDefault(Kind.APPLY, 0)).as("kills during an apply, of %s", kills)
                .isGreaterThanOrEqualTo(MIN_KILLS_DURING_APPLY);
    }

    /**
     * Runs the workload and kills the store either at a random moment of its next apply (see
     * {@link #APPLY_KILL_SPREAD}) or after a random number of operations. A kill that must land in an apply, for
     * the rounds left to reach {@link #MIN_KILLS_DURING_APPLY}, lands while the delta is being streamed.
     *
     * @return when the store was killed and the kind of operation it died in
     */
    private static Kill killAtRandomMoment(ServiceProcess store, CrashWorkload workload, Random random,
            boolean duringApply, boolean whileStreaming) throws InterruptedException {
        Thread writer = new Thread(workload, "crash-workload");
        String moment;
        if (duringApply) {
            double spread = whileStreaming ? 1 : APPLY_KILL_SPREAD;
            ApplyWatch watch = workload.watchNextApply(Math.min(1, random.nextDouble() * spread));
            writer.start();
            watch.awaitTripped(60);
            long delay = watch.share() < 1 ? 0
                    : (long) (random.nextDouble() * AFTER_STREAMED_SHARE * watch.expectedNanos());
            watch.awaitAcknowledged(delay);
            moment = watch.share() < 1
                    ? String.format("with %.0f%% of the %s %s", 100 * watch.share(), watch.delta(), watch.how())
                    : String.format("%d ms after the whole %s was %s (apply expected to take %d ms)",
                            delay / 1_000_000, watch.delta(), watch.how(), watch.expectedNanos() / 1_000_000);
        } else {
            long killAfter = workload.acknowledged() + 5 + random.nextInt(80);
            writer.start();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> workload.acknowledged() >= killAfter || !writer.isAlive());
            moment = "after " + killAfter + " operations";
        }
        store.kill();
        await().atMost(Duration.ofSeconds(30)).until(() -> !writer.isAlive());
        workload.requireStoppedByKill();
        return new Kill(moment, workload.interrupted());
    }

    /** When the store was killed, and the kind of operation it died in (empty if none was in flight). */
    private record Kill(String moment, Optional<Kind> interrupted) {
    }

    private static void assertPrimaryRecovered(BlockStoreClient client, CrashWorkload workload, String round) {
        assertSameBytes(client.read(VOLUME, 0, SIZE), workload.live(), "live content after " + round);
        assertThat(client.verifyLive(VOLUME).corruptBlocks())
                .as("blocks of the live volume that fail their sector checksums after %s", round).isEmpty();
        assertThat(client.snapshots(VOLUME).stream().map(SnapshotInfo::snapshot).toList())
                .as("retained snapshots after %s", round).containsExactlyElementsOf(workload.snapshots().keySet());
        for (long snapshot : workload.snapshots().keySet()) {
            assertThat(client.digest(VOLUME, snapshot).digest())
                    .as("digest of snapshot %d after %s", snapshot, round)
                    .isEqualTo(workload.digestOf(snapshot));
        }
        long before = workload.snapshots().lastKey();
        long after = workload.snapshot();
        SnapshotMetadataCalls.Changes delta = workload.metadata().delta(VOLUME, before, after);
        RoaringBitmap differing = differingBlocks(workload.snapshots().get(before), workload.snapshots().get(after));
        assertThat(RoaringBitmap.andNot(differing, delta.blocks(BLOCK)).toArray())
                .as("blocks that differ between snapshots %d and %d but are missing from the delta, %s", before,
                        after, round)
                .isEmpty();
        assertThat(delta.method()).as("change method of the delta across the crash, %s", round)
                .isEqualTo(ChangeMethod.CHECKSUM);
    }

    /** The replica holds what was acknowledged, or the target of the apply in flight, before any re-apply. */
    private static void assertReplicaRecovered(BlockStoreClient client, CrashWorkload workload, String round) {
        ReplicaModel replica = workload.replica();
        VolumeInfo info = client.volume(REPLICA);
        assertThat(info.frozen()).as("replica frozen after %s", round).isTrue();
        assertThat(info.consistentSnapshot()).as("consistent snapshot of the replica after %s", round)
                .isEqualTo(replica.consistent());
        assertThat(client.snapshots(REPLICA).stream().map(SnapshotInfo::snapshot).toList())
                .as("retained snapshots of the replica after %s", round)
                .containsExactlyElementsOf(replica.digests().keySet());
        replica.digests().forEach((snapshot, digest) -> assertThat(client.digest(REPLICA, snapshot).digest())
                .as("digest of the replica's snapshot %d (the source's when applied) after %s", snapshot, round)
                .isEqualTo(digest));
        assertThat(client.verifyLive(REPLICA).corruptBlocks())
                .as("blocks of the live replica that fail their sector checksums after %s", round).isEmpty();
    }

    /**
     * Re-applying the delta in flight at the crash (else the last one applied) brings the replica to its target,
     * equal to the source.
     */
    private static void assertReappliedExactly(BlockStoreClient client, CrashWorkload workload, String round) {
        workload.reapplyAfterCrash().ifPresent(result -> {
            System.out.printf("crash test %s: re-applied snapshot %d, %s%n", round, result.snapshot(),
                    result.appliedBytes() == 0 ? "a no-op: the replica held it" : result.appliedBytes() + " bytes");
            assertThat(client.volume(REPLICA).consistentSnapshot()).as("consistent snapshot of the replica after"
                    + " re-applying snapshot %d, %s", result.snapshot(), round).isEqualTo(result.snapshot());
            assertThat(client.digest(REPLICA, result.snapshot()).digest())
                    .as("digest of the replica's snapshot %d re-applied after %s", result.snapshot(), round)
                    .isEqualTo(workload.digestOf(result.snapshot()));
        });
    }

    private static void assertNextShipmentExact(BlockStoreClient client, CrashWorkload workload, String round) {
        ShippedDelta delta = workload.ship();
        assertThat(delta.method()).as("change method of the first %s after %s", delta, round)
                .isEqualTo(delta.base() == null ? ChangeMethod.FULL : ChangeMethod.CHECKSUM);
        long target = delta.target();
        assertThat(client.digest(REPLICA, target).digest())
                .as("digest of the replica's snapshot %d shipped after %s", target, round)
                .isEqualTo(client.digest(VOLUME, target).digest())
                .isEqualTo(workload.digestOf(target));
        assertSameBytes(client.readSnapshot(REPLICA, target, 0, SIZE), workload.snapshots().get(target),
                "the replica's snapshot " + target + " shipped after " + round);
    }

    /** As {@code isEqualTo}, naming the first differing byte rather than printing megabytes. */
    private static void assertSameBytes(byte[] actual, byte[] expected, String what) {
        assertThat(Arrays.mismatch(actual, expected)).as("first byte that differs from what was acknowledged, in %s",
                what).isEqualTo(-1);
    }

    private static RoaringBitmap differingBlocks(byte[] before, byte[] after) {
        RoaringBitmap differing = new RoaringBitmap();
        for (int block = 0; block < SIZE / BLOCK; block++) {
            int from = block * BLOCK;
            if (Arrays.mismatch(before, from, from + BLOCK, after, from, from + BLOCK) >= 0) {
                differing.add(block);
            }
        }
        return differing;
    }

    /** The JVM options start the store quicker on a busy machine: it restarts every round. */
    private ServiceProcess start(int round) throws IOException {
        Path log = Path.of("target", "crash-it", "block-store-" + round + ".log");
        Files.deleteIfExists(log);
        return ServiceProcess.builder("block-store")
                .property("datamover.site", SITE)
                .property("datamover.data-dir", dataDir.toString())
                .jvmOption("-Xmx256m")
                .jvmOption("-XX:TieredStopAtLevel=1")
                .jvmOption("-XX:+UseSerialGC")
                .logFile(log)
                .build()
                .start();
    }
}
