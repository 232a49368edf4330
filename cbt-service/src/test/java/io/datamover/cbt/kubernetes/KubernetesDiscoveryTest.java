package io.datamover.cbt.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datamover.blockstore.api.SnapshotRef;
import io.datamover.cbt.support.BlockStoreResource;
import io.datamover.cbt.support.ChangedBlocks;
import io.datamover.cbt.support.DiscoveredStoreResource;
import io.datamover.cbt.support.TestVolume;
import io.datamover.events.BlocksChanged;
import io.datamover.events.ChangeMethod;
import io.datamover.events.CsiSnapshot;
import io.datamover.events.EventPublisher;
import io.datamover.events.Extent;
import io.datamover.events.SnapshotTaken;
import io.datamover.runtime.KafkaTestResource;
import io.datamover.runtime.TestEvents;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * cbt-service in Kubernetes mode: it finds CSI driver {@value DiscoveredStoreResource#DRIVER}'s
 * SnapshotMetadataService resource in the mock API server (CRUD mode), asks the TokenRequest API (a mock
 * expectation: CRUD mode does not issue tokens) for a token of its audience, and calls the real block store over TLS
 * trusting the resource's CA.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = DiscoveredStoreResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class KubernetesDiscoveryTest {

    private static final long VOLUME_BYTES = 64L * TestVolume.BLOCK;
    private static final String TOKEN_PATH = "/api/v1/namespaces/" + DiscoveredStoreResource.NAMESPACE
            + "/serviceaccounts/cbt-service/token";
    /** The audiences of every TokenRequest the mock API server answered. */
    private static final List<List<String>> TOKEN_REQUESTS = new CopyOnWriteArrayList<>();
    private static boolean tokenRequestsServed;
    /** The driver a csi backend's snapshot-taken names, other than {@code datamover.cbt.csi-driver}. */
    private static final String EVENT_DRIVER = "rbd.csi.ceph.com";

    @KubernetesTestServer
    KubernetesServer server;

    @ConfigProperty(name = "datamover.store-url")
    String storeUrl;

    private TestVolume volume;

    @BeforeEach
    void volumeWithTwoSnapshots() {
        if (!tokenRequestsServed) {
            server.expect().post().withPath(TOKEN_PATH).andReply(201, KubernetesDiscoveryTest::issue).always();
            tokenRequestsServed = true;
        }
        volume = TestVolume.create(storeUrl, "k8s", VOLUME_BYTES);
        volume.writeBlocks(0, 2);
        volume.snapshot();
        volume.writeBlocks(1, 1);
        volume.writeBlocks(20, 4);
        volume.snapshot();
    }

    @AfterEach
    void close() {
        volume.close();
        for (String version : SnapshotMetadataServices.VERSIONS) {
            for (String driver : List.of(DiscoveredStoreResource.DRIVER, EVENT_DRIVER)) {
                server.getClient().genericKubernetesResources(SnapshotMetadataServices.context(version))
                        .withName(driver).delete();
            }
        }
    }

    @Test
    void shouldFindTheDriversServiceAndReadTheDeltaWithATokenForItsAudience() throws IOException {
        publishService("v1beta1");

        volume.publishSnapshotTaken(2, 1L);
        BlocksChanged delta = volume.awaitPages(2).get(0);
        volume.writeBlocks(40, 1);
        volume.snapshot();
        volume.publishSnapshotTaken(3, 2L);
        BlocksChanged next = volume.awaitPages(3).get(0);

        assertThat(delta.method()).isEqualTo(ChangeMethod.CBT);
        assertThat(delta.baseSnapshot()).isEqualTo(1L);
        assertThat(delta.extents()).containsExactly(TestVolume.blocks(1, 1), TestVolume.blocks(20, 4));
        assertThat(next.extents()).containsExactly(TestVolume.blocks(40, 1));
        assertThat(TOKEN_REQUESTS).as("one token, cached for the later calls")
                .containsExactly(List.of(DiscoveredStoreResource.AUDIENCE));
    }

    @Test
    void shouldCopyTheWholeVolumeWhenTheDriverHasNoSnapshotMetadataService() {
        volume.publishSnapshotTaken(2, 1L);

        BlocksChanged page = volume.awaitPages(2).get(0);
        assertThat(page.method()).isEqualTo(ChangeMethod.FULL);
        assertThat(page.baseSnapshot()).isNull();
        assertThat(page.extents()).containsExactly(new Extent(0, VOLUME_BYTES));
        assertThat(page.changedBytes()).isEqualTo(VOLUME_BYTES);
    }

    @Test
    void shouldCopyInFullWhenTheDriverAnswersFailedPreconditionForTheDelta() throws IOException {
        publishService("v1alpha1");
        volume.store().deleteSnapshot(volume.id(), 1);

        volume.publishSnapshotTaken(2, 1L);

        BlocksChanged page = volume.awaitPages(2).get(0);
        assertThat(page.method()).isEqualTo(ChangeMethod.FULL);
        assertThat(page.baseSnapshot()).isNull();
        assertThat(page.extents()).containsExactly(TestVolume.blocks(0, 2), TestVolume.blocks(20, 4));
    }

    /**
     * A snapshot of the csi backend: its event's volume id is the PersistentVolume's, which the store does not know;
     * only the VolumeSnapshot names and the base's handle in the event lead to the store's snapshots, and only the
     * driver the event names has a SnapshotMetadataService.
     */
    @Test
    void shouldAskTheDriverOfTheEventForTheDeltaBetweenItsVolumeSnapshots() throws IOException {
        publishService("v1beta1", EVENT_DRIVER);
        String persistentVolume = TestEvents.uniqueId("pvc");
        SnapshotTaken taken = SnapshotTaken.of(BlockStoreResource.SITE, persistentVolume, 2, 1L, VOLUME_BYTES,
                TestVolume.BLOCK, List.of("falkenberg")).withCsi(volumeSnapshot(2), volumeSnapshot(1));

        try (ChangedBlocks changed = new ChangedBlocks(persistentVolume);
                EventPublisher snapshots = TestEvents.publisher(BlockStoreResource.SITE, "snapshot-service")) {
            snapshots.publish(taken);
            BlocksChanged delta = await().atMost(Duration.ofSeconds(30))
                    .until(() -> changed.complete(2), Objects::nonNull).get(0);

            assertThat(delta.method()).isEqualTo(ChangeMethod.CBT);
            assertThat(delta.baseSnapshot()).isEqualTo(1L);
            assertThat(delta.extents()).containsExactly(TestVolume.blocks(1, 1), TestVolume.blocks(20, 4));
        }
    }

    /** Snapshot {@code n} of the test's store volume as a VolumeSnapshot whose handle the store resolves. */
    private CsiSnapshot volumeSnapshot(long n) {
        String name = SnapshotRef.name(volume.id(), n);
        return new CsiSnapshot("shop", name, name, EVENT_DRIVER);
    }

    private void publishService(String version) throws IOException {
        publishService(version, DiscoveredStoreResource.DRIVER);
    }

    /** The keys only this test's resource sets are read here: injecting them would fail the other tests' start. */
    private void publishService(String version, String driver) throws IOException {
        int tlsPort = ConfigProvider.getConfig().getValue("test.store.tls-port", Integer.class);
        Path caFile = ConfigProvider.getConfig().getValue("test.store.ca-file", Path.class);
        GenericKubernetesResource resource = new GenericKubernetesResourceBuilder()
                .withApiVersion(SnapshotMetadataServices.GROUP + "/" + version)
                .withKind(SnapshotMetadataServices.KIND)
                .withNewMetadata().withName(driver).endMetadata()
                .build();
        resource.setAdditionalProperty("spec", Map.of(
                "address", "localhost:" + tlsPort,
                "audience", DiscoveredStoreResource.AUDIENCE,
                "caCert", Base64.getEncoder().encodeToString(Files.readAllBytes(caFile))));
        server.getClient().genericKubernetesResources(SnapshotMetadataServices.context(version))
                .resource(resource).create();
    }

    /** The TokenRequest API: a token that names the audience asked for, valid for the lifetime asked for. */
    private static Object issue(RecordedRequest request) {
        TokenRequest asked = Serialization.unmarshal(request.getUtf8Body(), TokenRequest.class);
        List<String> audiences = asked.getSpec().getAudiences();
        TOKEN_REQUESTS.add(List.copyOf(audiences));
        return new TokenRequestBuilder(asked)
                .withNewStatus()
                .withToken(DiscoveredStoreResource.tokenFor(String.join(",", audiences)))
                .withExpirationTimestamp(Instant.now().plusSeconds(asked.getSpec().getExpirationSeconds()).toString())
                .endStatus()
                .build();
    }
}
