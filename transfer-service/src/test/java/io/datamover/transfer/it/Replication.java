package io.datamover.transfer.it;

import static io.datamover.transfer.it.Volumes.BLOCK_SIZE;
import static io.datamover.transfer.it.Volumes.VOLUME_BYTES;
import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.events.BlocksChanged;
import io.datamover.events.CloudEvents;
import io.datamover.events.EventPublisher;
import io.datamover.events.Extent;
import io.datamover.events.ReplicaApplied;
import io.datamover.events.Topics;
import io.datamover.runtime.SharedKafka;
import io.datamover.runtime.TopicReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;

/**
 * Replication of {@link TwoSites} driven from stockholm by blocks-changed events as cbt-service publishes
 * them, and what came of it at falkenberg: replica-applied events, digests, chunks staged and received.
 */
final class Replication implements AutoCloseable {

    private final BlockStoreClient stockholm;
    private final BlockStoreClient falkenberg;
    private final Path falkenbergDataDir;
    private final Path falkenbergTransferLog;
    private final EventPublisher cbt;
    private final TopicReader applied;

    /**
     * @param falkenbergDataDir data directory of falkenberg's transfer-service, holding its staging area
     * @param falkenbergTransferLog log of falkenberg's transfer-service, one line per chunk received
     */
    Replication(BlockStoreClient stockholm, BlockStoreClient falkenberg, Path falkenbergDataDir,
            Path falkenbergTransferLog) {
        this.stockholm = stockholm;
        this.falkenberg = falkenberg;
        this.falkenbergDataDir = falkenbergDataDir;
        this.falkenbergTransferLog = falkenbergTransferLog;
        this.cbt = new EventPublisher(SharedKafka.bootstrapServers(),
                CloudEvents.source("stockholm", "cbt-service"));
        this.applied = TopicReader.fromEnd(Topics.REPLICA_APPLIED);
    }

    /** A new primary volume of {@link Volumes#VOLUME_BYTES} at stockholm. */
    String primaryVolume(String prefix) {
        String volume = Volumes.newId(prefix);
        stockholm.createVolume(volume, VOLUME_BYTES, BLOCK_SIZE, VolumeRole.PRIMARY);
        return volume;
    }

    /** A new primary volume at stockholm, written all over with random bytes, and its snapshot 1. */
    String fullPrimaryVolume(String prefix) {
        String volume = primaryVolume(prefix);
        Volumes.fill(stockholm, volume, new Extent(0, VOLUME_BYTES));
        stockholm.createSnapshot(volume);
        return volume;
    }

    /** The changed set of snapshot 1 of a volume written all over, to falkenberg. */
    void publishFullCopy(String volume) {
        publish(Volumes.pages(Volumes.snapshotTaken(volume, 1, null, "falkenberg"),
                List.of(new Extent(0, VOLUME_BYTES))));
    }

    void publish(List<BlocksChanged> pages) {
        pages.forEach(cbt::publish);
    }

    ReplicaApplied awaitApplied(String volume, long snapshot) {
        return applied.awaitEvent(ReplicaApplied.class,
                a -> a.volumeId().equals(volume) && a.snapshot() == snapshot && a.site().equals("falkenberg"));
    }

    void awaitChunksStaged(String volume, long snapshot, long atLeast) {
        Awaitility.await(atLeast + " chunks of " + volume + " staged at falkenberg").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> chunksStaged(volume, snapshot) >= atLeast);
    }

    long chunksStaged(String volume, long snapshot) {
        return Volumes.chunksStaged(falkenbergDataDir, volume, snapshot);
    }

    /**
     * Every chunk of the delta reached falkenberg, and at most one per stream twice: those in flight when
     * the transfer was interrupted.
     */
    void assertEveryChunkReceivedAtMostOnePerStreamTwice(String volume, long snapshot, int chunkCount) {
        Map<Integer, Long> puts = Volumes.chunkPutsReceived(falkenbergTransferLog, volume, snapshot);
        assertThat(puts.keySet()).containsExactlyElementsOf(IntStream.range(0, chunkCount).boxed().toList());
        assertThat(puts.values()).allSatisfy(n -> assertThat(n).isBetween(1L, 2L));
        assertThat(puts.values().stream().mapToLong(Long::longValue).sum() - chunkCount)
                .isLessThanOrEqualTo(TwoSites.STREAMS);
    }

    /** The replica at falkenberg holds the same bytes as the snapshot at stockholm. */
    void assertReplicaIdentical(String volume, long snapshot) {
        assertThat(digestAtFalkenberg(volume, snapshot)).isEqualTo(digestAtStockholm(volume, snapshot));
    }

    String digestAtStockholm(String volume, long snapshot) {
        return stockholm.digest(volume, snapshot).digest();
    }

    String digestAtFalkenberg(String volume, long snapshot) {
        return falkenberg.digest(volume, snapshot).digest();
    }

    @Override
    public void close() {
        cbt.close();
        applied.close();
    }
}
