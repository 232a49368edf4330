package io.datamover.blockstore.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.ChangeMethodHeader;
import io.datamover.blockstore.api.SnapshotInfo;
import io.datamover.blockstore.api.SnapshotRef;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.blockstore.api.grpc.BlockMetadata;
import io.datamover.blockstore.api.grpc.GetMetadataDeltaRequest;
import io.datamover.blockstore.api.grpc.SnapshotMetadataGrpc;
import io.datamover.runtime.ServiceProcess;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.RoaringBitmap;

/**
 * Kills the block store's process (SIGKILL) at random moments while a client writes, snapshots and deletes, and
 * checks after each restart that nothing acknowledged was lost and that the next delta misses no changed block.
 */
class BlockStoreCrashIT {

    private static final String SITE = "crash-site";
    private static final String VOLUME = "crashed";
    private static final int BLOCK = 4096;
    private static final int SIZE = 256 * BLOCK;
    private static final int ROUNDS = 20;
    private static final Duration TIME_BUDGET = Duration.ofMinutes(4);
    private static final Metadata.Key<String> CHANGE_METHOD = Metadata.Key.of(ChangeMethodHeader.NAME,
            Metadata.ASCII_STRING_MARSHALLER);

    @TempDir
    Path dataDir;

    @Test
    void shouldLoseNoAcknowledgedWriteAndMissNoChangedBlockWhenKilledAtRandomMoments() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        CrashWorkload workload = new CrashWorkload(VOLUME, SIZE, seed);
        long deadline = System.nanoTime() + TIME_BUDGET.toNanos();
        int rounds = 0;
        ServiceProcess store = start(0);
        BlockStoreClient client = BlockStoreClient.of(store.url());
        client.createVolume(VOLUME, SIZE, BLOCK, VolumeRole.PRIMARY);
        while (rounds < ROUNDS && System.nanoTime() < deadline) {
            rounds++;
            workload.connect(client);
            workload.ensureSnapshot();
            long killAfter = workload.acknowledged() + 5 + random.nextInt(80);
            Thread writer = new Thread(workload, "crash-workload");
            writer.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> workload.acknowledged() >= killAfter);
            store.kill();
            await().atMost(Duration.ofSeconds(30)).until(() -> !writer.isAlive());

            store = start(rounds);
            client = BlockStoreClient.of(store.url());
            workload.connect(client);
            workload.settle();
            assertRecovered(client, store, workload, "round " + rounds + " (seed " + seed + ")");
        }
        store.stop();
        System.out.printf("crash test: %d rounds, %d operations acknowledged (seed %d)%n", rounds,
                workload.acknowledged(), seed);
        assertThat(rounds).isGreaterThanOrEqualTo(5);
    }

    private void assertRecovered(BlockStoreClient client, ServiceProcess store, CrashWorkload workload, String round)
            throws Exception {
        assertThat(client.read(VOLUME, 0, SIZE)).as("live content after %s", round).isEqualTo(workload.live());
        assertThat(client.snapshots(VOLUME).stream().map(SnapshotInfo::snapshot).toList())
                .as("retained snapshots after %s", round).containsExactlyElementsOf(workload.snapshots().keySet());
        for (var snapshot : workload.snapshots().entrySet()) {
            assertThat(client.digest(VOLUME, snapshot.getKey()).digest())
                    .as("digest of snapshot %d after %s", snapshot.getKey(), round)
                    .isEqualTo(sha256(snapshot.getValue()));
        }
        long before = workload.snapshots().lastKey();
        long after = workload.snapshot();
        AtomicReference<String> method = new AtomicReference<>();
        RoaringBitmap delta = delta(store, before, after, method);
        RoaringBitmap differing = differingBlocks(workload.snapshots().get(before), workload.snapshots().get(after));
        assertThat(RoaringBitmap.andNot(differing, delta).toArray())
                .as("blocks that differ between snapshots %d and %d but are missing from the delta, %s", before,
                        after, round)
                .isEmpty();
        assertThat(method.get()).as("change method of the delta across the crash, %s", round).isEqualTo("checksum");
    }

    private static RoaringBitmap delta(ServiceProcess store, long base, long target, AtomicReference<String> method)
            throws InterruptedException {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", store.port()).usePlaintext().build();
        try {
            AtomicReference<Metadata> headers = new AtomicReference<>();
            RoaringBitmap blocks = new RoaringBitmap();
            SnapshotMetadataGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(headers, new AtomicReference<>()))
                    .withDeadlineAfter(60, TimeUnit.SECONDS)
                    .getMetadataDelta(GetMetadataDeltaRequest.newBuilder()
                            .setNamespace(SITE)
                            .setBaseSnapshotId(SnapshotRef.name(VOLUME, base))
                            .setTargetSnapshotName(SnapshotRef.name(VOLUME, target))
                            .build())
                    .forEachRemaining(response -> {
                        for (BlockMetadata extent : response.getBlockMetadataList()) {
                            blocks.add(extent.getByteOffset() / BLOCK,
                                    (extent.getByteOffset() + extent.getSizeBytes()) / BLOCK);
                        }
                    });
            method.set(headers.get().get(CHANGE_METHOD));
            return blocks;
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
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

    private ServiceProcess start(int round) {
        return ServiceProcess.builder("block-store")
                .property("datamover.site", SITE)
                .property("datamover.data-dir", dataDir.toString())
                .jvmOption("-Xmx256m")
                .logFile(Path.of("target", "crash-it", "block-store-" + round + ".log"))
                .build()
                .start();
    }

    private static String sha256(byte[] content) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
