package io.datamover.transfer.it;

import static io.datamover.transfer.it.Volumes.MIB;
import static io.datamover.transfer.it.Volumes.VOLUME_BYTES;
import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.runtime.KafkaTestResource;
import io.datamover.transfer.sender.Bandwidth;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replication from stockholm to falkenberg over a link that is cut mid-transfer. Each cut lands while
 * every stream waits for the answer to a chunk falkenberg has already staged, the worst moment: the
 * source learns nothing of those chunks and must ask the target which ones it holds.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = TwoSites.class, initArgs = @ResourceArg(name = TwoSites.LINK_ARG, value = TwoSites.CUTTABLE))
class CutConnectionIT {

    private static final int CHUNK_COUNT = (int) (VOLUME_BYTES / TwoSites.CHUNK_BYTES);

    @ConfigProperty(name = "datamover.store-url")
    String stockholmStoreUrl;

    @ConfigProperty(name = "test.falkenberg.store-url")
    String falkenbergStoreUrl;

    @ConfigProperty(name = "test.falkenberg.data-dir")
    Path falkenbergDataDir;

    @ConfigProperty(name = "test.falkenberg.transfer-log")
    Path falkenbergTransferLog;

    @TwoSites.FalkenbergLink
    CuttableLink link;

    @Inject
    Bandwidth bandwidth;

    private Replication replication;

    @BeforeEach
    void setUp() {
        replication = new Replication(BlockStoreClient.of(stockholmStoreUrl), BlockStoreClient.of(falkenbergStoreUrl),
                falkenbergDataDir, falkenbergTransferLog);
        // a few seconds per transfer, so that the test can cut it where it wants
        bandwidth.setLimit("falkenberg", 4 * MIB);
    }

    @AfterEach
    void tearDown() {
        link.heal();
        bandwidth.setLimit("falkenberg", 0);
        replication.close();
    }

    @Test
    void shouldResumeWithAtMostOneChunkPerStreamSentTwiceWhenTheConnectionIsCutHalfway() {
        String volume = replication.fullPrimaryVolume("cut");
        replication.publishFullCopy(volume);

        replication.awaitChunksStaged(volume, 1, CHUNK_COUNT / 2);
        holdAnswersUntilEveryStreamWaits(volume);
        cut(volume);

        replication.awaitApplied(volume, 1);
        replication.assertReplicaIdentical(volume, 1);
        replication.assertEveryChunkReceivedAtMostOnePerStreamTwice(volume, 1, CHUNK_COUNT);
    }

    @Test
    void shouldResumeWithAtMostOneChunkPerStreamSentTwiceWhenTheConnectionIsCutTwice() {
        String volume = replication.fullPrimaryVolume("cut-twice");
        replication.publishFullCopy(volume);

        replication.awaitChunksStaged(volume, 1, CHUNK_COUNT / 3);
        holdAnswersUntilEveryStreamWaits(volume);
        int refused = link.refused();
        link.refuse();
        cut(volume);
        Awaitility.await("the next attempt refused").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(10)).until(() -> link.refused() > refused);
        link.heal();
        replication.awaitChunksStaged(volume, 1, 2 * CHUNK_COUNT / 3);
        holdAnswersUntilEveryStreamWaits(volume);
        cut(volume);

        replication.awaitApplied(volume, 1);
        replication.assertReplicaIdentical(volume, 1);
        replication.assertEveryChunkReceivedAtMostOnePerStreamTwice(volume, 1, CHUNK_COUNT);
    }

    /**
     * Holds falkenberg's answers until every stream waits for the answer to a chunk staged there. No
     * stream can start another request meanwhile: a stream sends its next chunk once answered.
     */
    private void holdAnswersUntilEveryStreamWaits(String volume) {
        link.holdReplies();
        Awaitility.await("every stream of " + volume + " waiting for its answer").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(10)).until(() -> link.heldReplies() == TwoSites.STREAMS);
    }

    private void cut(String volume) {
        assertThat(replication.chunksStaged(volume, 1)).isLessThan(CHUNK_COUNT);
        assertThat(link.cut()).isGreaterThanOrEqualTo(TwoSites.STREAMS);
    }
}
