package io.datamover.transfer.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.events.BlocksChanged;
import io.datamover.events.ChangeMethod;
import io.datamover.events.ChunkShipped;
import io.datamover.events.CloudEvents;
import io.datamover.events.EventPublisher;
import io.datamover.events.Extent;
import io.datamover.events.ReplicaApplied;
import io.datamover.events.SnapshotTaken;
import io.datamover.events.Topics;
import io.datamover.runtime.KafkaTestResource;
import io.datamover.runtime.ServiceProcess;
import io.datamover.runtime.SharedKafka;
import io.datamover.runtime.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The first copy of a sparse volume ships only what was written: stockholm's cbt-service (a
 * process) answers a snapshot-taken without a base with GetMetadataAllocated, and the
 * transfer-service under test ships those extents to falkenberg.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(TwoSites.class)
class SparseInitialSyncIT {

    private static final Logger LOG = Logger.getLogger(SparseInitialSyncIT.class);
    private static final long TIB = 1L << 40;
    private static final int BLOCK_SIZE = 65536;
    private static final int EXTENTS = 256;
    /** 256 extents of 256 KiB: 64 MiB, one extent at a random block of each 4 GiB stretch of the volume. */
    private static final int EXTENT_BYTES = 4 * BLOCK_SIZE;
    private static final long STRETCH = TIB / EXTENTS;
    /** Offset and length of one DeltaFormat record. */
    private static final int RECORD_HEADER_BYTES = 12;
    private static final Duration FIRST_COPY_LIMIT = Duration.ofSeconds(60);

    @ConfigProperty(name = "datamover.store-url")
    String stockholmStoreUrl;

    @ConfigProperty(name = "test.falkenberg.store-url")
    String falkenbergStoreUrl;

    private final Random random = new Random(20260101);
    private BlockStoreClient stockholm;
    private BlockStoreClient falkenberg;
    private ServiceProcess cbt;
    private EventPublisher snapshots;
    private TopicReader changed;
    private TopicReader shipped;
    private TopicReader applied;

    @BeforeEach
    void setUp() throws Exception {
        stockholm = BlockStoreClient.of(stockholmStoreUrl);
        falkenberg = BlockStoreClient.of(falkenbergStoreUrl);
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")).toAbsolutePath(), "cbt-");
        cbt = ServiceProcess.builder("cbt-service")
                .property("datamover.site", "stockholm")
                .property("datamover.store-url", stockholmStoreUrl)
                .property("kafka.bootstrap.servers", SharedKafka.bootstrapServers())
                .jvmOption("-Xmx256m")
                .logFile(dir.resolve("stockholm-cbt-service.log"))
                .build()
                .start();
        snapshots = new EventPublisher(SharedKafka.bootstrapServers(),
                CloudEvents.source("stockholm", "snapshot-service"));
        changed = TopicReader.fromEnd(Topics.BLOCKS_CHANGED);
        shipped = TopicReader.fromEnd(Topics.CHUNK_SHIPPED);
        applied = TopicReader.fromEnd(Topics.REPLICA_APPLIED);
    }

    @AfterEach
    void tearDown() {
        snapshots.close();
        changed.close();
        shipped.close();
        applied.close();
        cbt.stop();
    }

    @Test
    void shouldShipOnlyTheWrittenExtentsOfASparseTebibyteVolume() {
        String volume = Volumes.newId("sparse");
        stockholm.createVolume(volume, TIB, BLOCK_SIZE, VolumeRole.PRIMARY);
        List<Extent> written = scatteredExtents();
        List<byte[]> contents = new ArrayList<>();
        long writeStart = System.nanoTime();
        for (Extent extent : written) {
            byte[] data = new byte[EXTENT_BYTES];
            random.nextBytes(data);
            stockholm.write(volume, extent.offset(), data);
            contents.add(data);
        }
        stockholm.createSnapshot(volume);
        long writtenBytes = (long) EXTENTS * EXTENT_BYTES;
        LOG.infof("volume %s: wrote %d bytes in %d extents in %d ms", volume, writtenBytes, EXTENTS,
                millisSince(writeStart));

        long start = System.nanoTime();
        snapshots.publish(SnapshotTaken.of("stockholm", volume, 1, null, TIB, BLOCK_SIZE, List.of("falkenberg")));
        BlocksChanged firstPage = changed.awaitEvent(BlocksChanged.class, b -> b.volumeId().equals(volume));
        long listedMillis = millisSince(start);
        ReplicaApplied copy = applied.awaitEvent(ReplicaApplied.class,
                a -> a.volumeId().equals(volume) && a.snapshot() == 1 && a.site().equals("falkenberg"));
        long copyMillis = millisSince(start);
        List<ChunkShipped> chunks = shipped.events(ChunkShipped.class, c -> c.volumeId().equals(volume));
        LOG.infof("volume %s: allocated extents listed after %d ms, replica consistent after %d ms, %d bytes"
                + " shipped in %d chunks", volume, listedMillis, copyMillis, copy.shippedBytes(), chunks.size());

        assertThat(firstPage.method()).isEqualTo(ChangeMethod.FULL);
        assertThat(firstPage.changedBytes()).isEqualTo(writtenBytes);
        assertThat(copy.appliedBytes()).isEqualTo(writtenBytes);
        long framing = (long) RECORD_HEADER_BYTES * (EXTENTS + chunks.size());
        assertThat(copy.shippedBytes()).isLessThanOrEqualTo((long) (writtenBytes * 1.01) + framing);
        assertThat(Duration.ofMillis(copyMillis)).isLessThan(FIRST_COPY_LIMIT);
        assertThat(falkenberg.volume(volume).consistentSnapshot()).isEqualTo(1L);
        for (int i = 0; i < EXTENTS; i++) {
            Extent extent = written.get(i);
            assertThat(falkenberg.readSnapshot(volume, 1, extent.offset(), EXTENT_BYTES))
                    .as("extent %s of the replica", extent)
                    .isEqualTo(stockholm.readSnapshot(volume, 1, extent.offset(), EXTENT_BYTES))
                    .isEqualTo(contents.get(i));
        }
        for (Extent hole : holes(written)) {
            assertThat(falkenberg.readSnapshot(volume, 1, hole.offset(), Math.toIntExact(hole.length())))
                    .as("unwritten %s of the replica", hole)
                    .containsOnly(0);
        }
    }

    /** One extent at a random block of each stretch, so no two touch and every one is a separate run. */
    private List<Extent> scatteredExtents() {
        long blocksPerStretch = STRETCH / BLOCK_SIZE;
        List<Extent> extents = new ArrayList<>();
        for (int i = 0; i < EXTENTS; i++) {
            long block = 1 + random.nextLong(blocksPerStretch - 2 * (EXTENT_BYTES / BLOCK_SIZE));
            extents.add(new Extent(i * STRETCH + block * BLOCK_SIZE, EXTENT_BYTES));
        }
        return extents;
    }

    /** Unwritten ranges: the first block, a MiB around the middle of a stretch gap, the last block. */
    private static List<Extent> holes(List<Extent> written) {
        Extent first = written.get(0);
        Extent middle = written.get(EXTENTS / 2);
        long afterMiddle = middle.end() + BLOCK_SIZE;
        return List.of(
                new Extent(first.offset() - BLOCK_SIZE, BLOCK_SIZE),
                new Extent(afterMiddle, Math.min(1L << 20, written.get(EXTENTS / 2 + 1).offset() - afterMiddle)),
                new Extent(TIB - BLOCK_SIZE, BLOCK_SIZE));
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
