package io.datamover.transfer.it;

import static io.datamover.transfer.it.Volumes.BLOCK_SIZE;
import static io.datamover.transfer.it.Volumes.MIB;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.events.ChunkShipped;
import io.datamover.events.CloudEvents;
import io.datamover.events.EventPublisher;
import io.datamover.events.Extent;
import io.datamover.events.ReplicaApplied;
import io.datamover.events.Topics;
import io.datamover.runtime.KafkaTestResource;
import io.datamover.runtime.SharedKafka;
import io.datamover.runtime.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bandwidth limit to a target site, measured at the sender (this JVM, stockholm) in 4 MiB chunks:
 * the rate is the bytes of the chunks shipped after the first one over the time from the first
 * chunk-shipped event to the last (each is published as its PUT ends).
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = TwoSites.class, initArgs = @ResourceArg(name = TwoSites.CHUNK_BYTES_ARG, value = "4194304"))
class BandwidthIT {

    private static final int ATTEMPTS = 3;
    private static final long CHUNK = 4 * MIB;

    @ConfigProperty(name = "datamover.store-url")
    String stockholmStoreUrl;

    @ConfigProperty(name = "test.falkenberg.store-url")
    String falkenbergStoreUrl;

    private BlockStoreClient stockholm;
    private EventPublisher cbt;
    private TopicReader applied;
    private TopicReader shipped;

    @BeforeEach
    void setUp() {
        stockholm = BlockStoreClient.of(stockholmStoreUrl);
        cbt = new EventPublisher(SharedKafka.bootstrapServers(), CloudEvents.source("stockholm", "cbt-service"));
        applied = TopicReader.fromEnd(Topics.REPLICA_APPLIED);
        shipped = TopicReader.fromEnd(Topics.CHUNK_SHIPPED);
    }

    @AfterEach
    void tearDown() {
        setLimit(null);
        cbt.close();
        applied.close();
        shipped.close();
    }

    /**
     * The 50 MiB/s. Before chunks went zero-copy over the data plane, the whole path shipped little more than
     * that on this machine (2 cores for two stores, two transfer-services and the test), and a CI run measured 42.9
     * MiB/s: the test kept 20 MiB/s then. Now the path has room above it: 49.1 to 50.8 MiB/s measured in seven runs.
     * An eighth measured 26.8 MiB/s on an idle machine: the disk or the machine, not the limiter, held the path back
     * then. So a rate below 45 MiB/s is measured again, with another volume, up to {@value #ATTEMPTS} times; one
     * above 55 MiB/s fails at once, since no slow path explains it.
     */
    @Test
    void shouldKeepTheRateWithinTenPercentOfTheLimit() {
        setLimit(50 * MIB);
        List<Double> rates = new ArrayList<>();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            String volume = volumeWith(512 * MIB);

            replicate(volume, 512 * MIB);

            double rate = mibPerSecond(events(volume));
            rates.add(rate);
            System.out.printf("rate under a limit of 50 MiB/s, attempt %d: %.1f MiB/s%n", attempt, rate);
            assertThat(rate).as("never above the limit").isLessThanOrEqualTo(55.0);
            assertThat(BlockStoreClient.of(falkenbergStoreUrl).digest(volume, 1).digest())
                    .isEqualTo(stockholm.digest(volume, 1).digest());
            if (rate >= 45.0) {
                return;
            }
        }
        throw new AssertionError("the rate under a limit of 50 MiB/s stayed below 45 MiB/s in " + ATTEMPTS
                + " attempts: " + rates + " MiB/s");
    }

    @Test
    void shouldChangeTheRateWhenTheLimitIsChangedMidTransfer() {
        String volume = volumeWith(112 * MIB);
        setLimit(5 * MIB);

        publishChangedSet(volume, 112 * MIB);
        ChunkShipped atChange = shipped.awaitEvent(ChunkShipped.class,
                c -> c.volumeId().equals(volume) && c.bytesDone() >= 28 * MIB);
        setLimit(15 * MIB);
        awaitApplied(volume);

        List<ChunkShipped> events = events(volume);
        // the chunks in flight when the limit changed went out at the old rate
        long settled = atChange.bytesDone() + (TwoSites.STREAMS + 1) * CHUNK;
        double before = fittedMibPerSecond(events.stream()
                .filter(c -> c.bytesDone() <= atChange.bytesDone()).toList());
        double after = fittedMibPerSecond(events.stream().filter(c -> c.bytesDone() >= settled).toList());
        System.out.printf("rate at 5 MiB/s: %.1f MiB/s, then at 15 MiB/s: %.1f MiB/s%n", before, after);
        assertThat(before).isBetween(5 * 0.9, 5 * 1.1);
        assertThat(after).isBetween(15 * 0.9, 15 * 1.1);
    }

    private String volumeWith(long bytes) {
        String volume = Volumes.newId("throttled");
        stockholm.createVolume(volume, bytes, BLOCK_SIZE, VolumeRole.PRIMARY);
        Volumes.fillLarge(stockholm, volume, new Extent(0, bytes));
        stockholm.createSnapshot(volume);
        return volume;
    }

    private void replicate(String volume, long bytes) {
        publishChangedSet(volume, bytes);
        awaitApplied(volume);
    }

    private void publishChangedSet(String volume, long bytes) {
        Volumes.pages(Volumes.snapshotTaken(volume, bytes, 1, null, "falkenberg"), List.of(new Extent(0, bytes)))
                .forEach(cbt::publish);
    }

    private void awaitApplied(String volume) {
        Awaitility.await("replica-applied of " + volume).atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> applied.events(ReplicaApplied.class, a -> a.volumeId().equals(volume)), a -> !a.isEmpty());
    }

    /** Every chunk-shipped event of the volume, once the one completing it is read. */
    private List<ChunkShipped> events(String volume) {
        return Awaitility.await("every chunk-shipped of " + volume).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> shipped.events(ChunkShipped.class, c -> c.volumeId().equals(volume)),
                        events -> !events.isEmpty()
                                && events.get(events.size() - 1).bytesDone() == events.get(0).bytesTotal());
    }

    /** Bytes shipped after the first event over the time from the first event to the last. */
    private static double mibPerSecond(List<ChunkShipped> events) {
        ChunkShipped first = events.get(0);
        ChunkShipped last = events.get(events.size() - 1);
        double seconds = Duration.between(first.timestamp(), last.timestamp()).toNanos() / 1e9;
        return (last.bytesDone() - first.bytesDone()) / (double) MIB / seconds;
    }

    /**
     * The slope of bytes done over time, fitted by least squares through every event: over a few
     * seconds, less sensitive than the end points alone to how long the first and last PUT took.
     */
    private static double fittedMibPerSecond(List<ChunkShipped> events) {
        Instant start = events.get(0).timestamp();
        double[] seconds = events.stream().mapToDouble(c -> Duration.between(start, c.timestamp()).toNanos() / 1e9)
                .toArray();
        double[] mib = events.stream().mapToDouble(c -> c.bytesDone() / (double) MIB).toArray();
        double meanT = Arrays.stream(seconds).average().orElseThrow();
        double meanB = Arrays.stream(mib).average().orElseThrow();
        double covariance = 0;
        double variance = 0;
        for (int i = 0; i < seconds.length; i++) {
            covariance += (seconds[i] - meanT) * (mib[i] - meanB);
            variance += (seconds[i] - meanT) * (seconds[i] - meanT);
        }
        return covariance / variance;
    }

    private static void setLimit(Long bytesPerSecond) {
        given().contentType(ContentType.JSON).body(bytesPerSecond == null ? "{\"bytesPerSecond\": null}"
                : Map.of("bytesPerSecond", bytesPerSecond)).put("/bandwidth/{site}", "falkenberg")
                .then().statusCode(200);
    }
}
