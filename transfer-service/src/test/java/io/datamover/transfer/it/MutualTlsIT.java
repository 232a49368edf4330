package io.datamover.transfer.it;

import static io.datamover.transfer.it.Volumes.BLOCK_SIZE;
import static io.datamover.transfer.it.Volumes.MIB;
import static io.datamover.transfer.it.Volumes.VOLUME_BYTES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.DeltaFormat;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.events.CloudEvents;
import io.datamover.events.EventPublisher;
import io.datamover.events.Extent;
import io.datamover.events.ReplicaApplied;
import io.datamover.events.Topics;
import io.datamover.runtime.KafkaTestResource;
import io.datamover.runtime.SharedKafka;
import io.datamover.runtime.TopicReader;
import io.datamover.transfer.dataplane.DataPlaneClient;
import io.datamover.transfer.domain.TransferException;
import io.datamover.transfer.domain.TransferException.Reason;
import io.datamover.transfer.peer.BeginRequest;
import io.datamover.transfer.peer.ChunkHeader;
import io.datamover.transfer.peer.PeerClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Mutual TLS between stockholm (this JVM) and falkenberg (processes): deltas flow over it, and falkenberg
 * refuses a peer whose certificate another authority signed, a peer without a certificate, and plain HTTP.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(TwoSitesWithTls.class)
class MutualTlsIT {

    @ConfigProperty(name = "datamover.store-url")
    String stockholmStoreUrl;

    @ConfigProperty(name = "test.falkenberg.store-url")
    String falkenbergStoreUrl;

    @ConfigProperty(name = "test.falkenberg.data-dir")
    Path falkenbergDataDir;

    @ConfigProperty(name = "datamover.transfer.peers.falkenberg")
    String falkenbergHttpsUrl;

    // read in setUp, not injected: Quarkus checks the injection points of every test class against the
    // configuration of each test resource, and the other tests' resources know nothing of these keys
    private String falkenbergPlainUrl;
    private Path trustStore;
    private Path intruderKeyStore;
    private BlockStoreClient stockholm;
    private BlockStoreClient falkenberg;
    private EventPublisher cbt;
    private TopicReader applied;

    @BeforeEach
    void setUp() {
        Config config = ConfigProvider.getConfig();
        falkenbergPlainUrl = config.getValue(TwoSitesWithTls.FALKENBERG_PLAIN_URL, String.class);
        trustStore = config.getValue("datamover.transfer.tls.trust-store", Path.class);
        intruderKeyStore = config.getValue(TwoSitesWithTls.INTRUDER_KEY_STORE, Path.class);
        stockholm = BlockStoreClient.of(stockholmStoreUrl);
        falkenberg = BlockStoreClient.of(falkenbergStoreUrl);
        cbt = new EventPublisher(SharedKafka.bootstrapServers(), CloudEvents.source("stockholm", "cbt-service"));
        applied = TopicReader.fromEnd(Topics.REPLICA_APPLIED);
    }

    @AfterEach
    void tearDown() {
        cbt.close();
        applied.close();
    }

    @Test
    void shouldReplicateADeltaOverMutualTls() {
        String volume = Volumes.newId("mtls");
        stockholm.createVolume(volume, VOLUME_BYTES, BLOCK_SIZE, VolumeRole.PRIMARY);
        Extent first = new Extent(0, MIB);
        Volumes.fill(stockholm, volume, first);
        stockholm.createSnapshot(volume);
        Volumes.pages(Volumes.snapshotTaken(volume, 1, null, "falkenberg"), List.of(first)).forEach(cbt::publish);
        awaitApplied(volume, 1);

        Extent changed = new Extent(3 * MIB, 2 * BLOCK_SIZE);
        Volumes.fill(stockholm, volume, changed);
        stockholm.createSnapshot(volume);
        Volumes.pages(Volumes.snapshotTaken(volume, 2, 1L, "falkenberg"), List.of(changed)).forEach(cbt::publish);

        ReplicaApplied delta = awaitApplied(volume, 2);
        assertThat(delta.baseSnapshot()).isEqualTo(1L);
        assertThat(delta.appliedBytes()).isEqualTo(changed.length());
        assertThat(falkenberg.digest(volume, 2).digest()).isEqualTo(stockholm.digest(volume, 2).digest())
                .isNotEqualTo(falkenberg.digest(volume, 1).digest());
    }

    @Test
    void shouldRefuseAPeerWhoseCertificateAnotherAuthoritySigned() {
        String volume = Volumes.newId("intruder");

        TransferException refused = catchThrowableOfType(TransferException.class,
                () -> begin(client(sslContext(intruderKeyStore)), volume));

        assertHandshakeRefused(refused);
        assertNothingStaged(volume);
    }

    @Test
    void shouldRefuseAPeerWithoutACertificate() {
        String volume = Volumes.newId("anonymous");

        TransferException refused = catchThrowableOfType(TransferException.class,
                () -> begin(client(sslContext(null)), volume));

        assertHandshakeRefused(refused);
        assertNothingStaged(volume);
    }

    @Test
    void shouldRefuseThePeerApiOverPlainHttp() throws Exception {
        String volume = Volumes.newId("plain");
        HttpClient plain = HttpClient.newHttpClient();

        TransferException refused = catchThrowableOfType(TransferException.class,
                () -> new PeerClient("falkenberg", falkenbergPlainUrl, plain, Duration.ofSeconds(10))
                        .begin(volume, 1, manifest()));

        assertThat(refused).isNotNull().hasMessageContaining("403").hasMessageContaining("HTTPS only");
        assertThat(refused.reason().retryable()).isFalse();
        assertNothingStaged(volume);
        HttpResponse<Void> health = plain.send(HttpRequest.newBuilder(
                URI.create(falkenbergPlainUrl + "/q/health/ready")).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(health.statusCode()).as("health over plain HTTP").isEqualTo(200);
    }

    @Test
    void shouldRefuseADataPlanePeerWithoutAValidCertificate() {
        int port = ConfigProvider.getConfig().getValue(TwoSitesWithTls.FALKENBERG_DATA_PORT, Integer.class);
        String volume = Volumes.newId("plane-intruder");
        byte[] chunk = new byte[DeltaFormat.HEADER_LENGTH];
        ChunkHeader header = new ChunkHeader(volume, 1, 0, chunk.length, "crc32c:00000000", null);

        for (SSLContext context : Arrays.asList(sslContext(intruderKeyStore), sslContext(null), null)) {
            DataPlaneClient plane = new DataPlaneClient("falkenberg", "127.0.0.1", port, context,
                    Duration.ofSeconds(10));
            TransferException refused = catchThrowableOfType(TransferException.class, () -> {
                try (DataPlaneClient.Connection connection = plane.connect()) {
                    connection.send(header, chunk);
                }
            });

            assertHandshakeRefused(refused);
        }
        assertNothingStaged(volume);
    }

    private ReplicaApplied awaitApplied(String volume, long snapshot) {
        return applied.awaitEvent(ReplicaApplied.class,
                a -> a.volumeId().equals(volume) && a.snapshot() == snapshot && a.site().equals("falkenberg"));
    }

    private void begin(HttpClient http, String volume) {
        new PeerClient("falkenberg", falkenbergHttpsUrl, http, Duration.ofSeconds(10)).begin(volume, 1, manifest());
    }

    private static BeginRequest manifest() {
        return new BeginRequest("stockholm", null, VOLUME_BYTES, BLOCK_SIZE, 1, 1024, Instant.now());
    }

    private static void assertHandshakeRefused(TransferException refused) {
        assertThat(refused).as("the begin was refused").isNotNull();
        assertThat(refused.reason()).isEqualTo(Reason.PEER_UNREACHABLE);
        assertThat(refused.getCause()).isInstanceOf(IOException.class);
    }

    /** The target neither created the replica nor staged anything for it. */
    private void assertNothingStaged(String volume) {
        assertThat(falkenberg.findVolume(volume)).isEmpty();
        assertThat(falkenbergDataDir.resolve("staging").resolve(volume)).doesNotExist();
    }

    private static HttpClient client(SSLContext context) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(context).build();
    }

    /** Trusts the test authority; presents the key store's certificate, or none when it is null. */
    private SSLContext sslContext(Path keyStore) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(trustStore));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            if (keyStore != null) {
                keys.init(load(keyStore), TestCertificates.PASSWORD.toCharArray());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyStore == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("cannot build the test's TLS context", e);
        }
    }

    private static KeyStore load(Path file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, TestCertificates.PASSWORD.toCharArray());
        }
        return store;
    }
}
