package io.datamover.blockstore.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.SnapshotRef;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.blockstore.api.grpc.GetMetadataAllocatedRequest;
import io.datamover.blockstore.api.grpc.GetMetadataDeltaRequest;
import io.datamover.blockstore.api.grpc.SnapshotMetadataGrpc;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.certs.CertificateGenerator;
import io.smallrye.certs.CertificateRequest;
import io.smallrye.certs.Format;
import io.smallrye.certs.PemCertificateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SnapshotMetadata service with a token file and TLS, as a CSI driver's sidecar serves it. */
@QuarkusTest
@TestProfile(SecuredSnapshotMetadataTest.Secured.class)
class SecuredSnapshotMetadataTest {

    static final Path DIR = Path.of("target", "secured-snapshot-metadata");
    private static final String TOKEN = "token-of-cbt-service-" + UUID.randomUUID();
    private static final int BLOCK = 4096;

    @TestHTTPResource(value = "/", tls = true)
    URL httpsUrl;

    @TestHTTPResource("/")
    URL url;

    private BlockStoreClient store;

    public static class Secured implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.createDirectories(DIR);
                Path tokens = Files.writeString(DIR.resolve("tokens"), "first-token\n\n" + TOKEN + "\n");
                // store.crt and store.key, and store-ca.crt to trust (the same self-signed certificate)
                PemCertificateFiles pem = (PemCertificateFiles) new CertificateGenerator(DIR, true)
                        .generate(new CertificateRequest().withName("store").withCN("localhost")
                                .withFormat(Format.PEM)).get(0);
                return Map.of("datamover.snapshot-metadata.token-file", tokens.toString(),
                        "datamover.tls.cert-file", pem.certFile().toString(),
                        "datamover.tls.key-file", pem.keyFile().toString(),
                        "quarkus.http.test-ssl-port", "0");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException("cannot generate the test certificate", e);
            }
        }
    }

    @BeforeEach
    void storeClient() throws URISyntaxException {
        store = new BlockStoreClient(url.toURI());
    }

    @Test
    void shouldRefuseACallWithoutTokenSayingTheTokenIsMissing() {
        String id = volumeWithTwoSnapshots();

        assertThatThrownBy(() -> delta(id, ""))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                    assertThat(e.getStatus().getDescription())
                            .contains("no security_token", SnapshotRef.name(id, 2), "test-site");
                });
    }

    @Test
    void shouldRefuseAWrongTokenWithoutRepeatingIt() {
        String id = volumeWithTwoSnapshots();
        String wrong = "not-" + TOKEN;

        assertThatThrownBy(() -> delta(id, wrong))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                    assertThat(e.getStatus().getDescription()).contains("not one this service accepts")
                            .doesNotContain(wrong);
                });
        assertThatThrownBy(() -> overTls(grpc -> {
            grpc.getMetadataAllocated(GetMetadataAllocatedRequest.newBuilder().setSecurityToken(wrong)
                    .setSnapshotName(SnapshotRef.name(id, 1)).build()).forEachRemaining(r -> { });
            return null;
        }))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    }

    @Test
    void shouldServeEveryAcceptedTokenOverTls() {
        String id = volumeWithTwoSnapshots();

        assertThat(delta(id, TOKEN)).containsExactly(new long[] {3L * BLOCK, BLOCK});
        assertThat(delta(id, "first-token")).containsExactly(new long[] {3L * BLOCK, BLOCK});
    }

    private String volumeWithTwoSnapshots() {
        String id = "s-" + UUID.randomUUID().toString().substring(0, 8);
        store.createVolume(id, 16L * BLOCK, BLOCK, VolumeRole.PRIMARY);
        store.write(id, 0, new byte[BLOCK]);
        store.createSnapshot(id);
        store.write(id, 3L * BLOCK, new byte[BLOCK]);
        store.createSnapshot(id);
        return id;
    }

    private List<long[]> delta(String id, String token) {
        return overTls(grpc -> {
            List<long[]> extents = new ArrayList<>();
            grpc.getMetadataDelta(GetMetadataDeltaRequest.newBuilder()
                    .setSecurityToken(token)
                    .setNamespace("test-site")
                    .setBaseSnapshotId(SnapshotRef.name(id, 1))
                    .setTargetSnapshotName(SnapshotRef.name(id, 2))
                    .build()).forEachRemaining(response -> response.getBlockMetadataList()
                            .forEach(m -> extents.add(new long[] {m.getByteOffset(), m.getSizeBytes()})));
            return extents;
        });
    }

    /** A call on a channel of its own to the HTTPS port, trusting the store's self-signed certificate. */
    private <T> T overTls(Function<SnapshotMetadataGrpc.SnapshotMetadataBlockingStub, T> call) {
        ChannelCredentials tls;
        try {
            tls = TlsChannelCredentials.newBuilder().trustManager(DIR.resolve("store-ca.crt").toFile()).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("localhost", httpsUrl.getPort(), tls).build();
        try {
            return call.apply(SnapshotMetadataGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS));
        } finally {
            channel.shutdownNow();
        }
    }
}
