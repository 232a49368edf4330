package io.datamover.cbt.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.cbt.domain.ChangeQuery;
import io.datamover.cbt.domain.Delta;
import io.datamover.cbt.support.SecuredBlockStore;
import io.datamover.events.ChangeMethod;
import io.datamover.events.Extent;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * cbt-service's SnapshotMetadata client in static mode against the real block store's gRPC service with its token
 * check on, over TLS (trusting {@code datamover.cbt.ca-file}) and over plaintext.
 */
class SnapshotMetadataTokenIT {

    private static final String SITE = "stockholm";
    private static final String TOKEN = "sa-token-" + UUID.randomUUID();
    private static final int BLOCK = 4096;
    private static final Path DIR = Path.of("target", "snapshot-metadata-token-it");

    private static SecuredBlockStore store;
    private static BlockStoreClient client;

    private String volumeId;

    @BeforeAll
    static void startStore() throws IOException {
        store = SecuredBlockStore.start(SITE, DIR, List.of(TOKEN));
        client = BlockStoreClient.of(store.url());
    }

    @AfterAll
    static void stopStore() {
        store.close();
    }

    @BeforeEach
    void twoSnapshots() {
        volumeId = "tok-" + UUID.randomUUID().toString().substring(0, 8);
        client.createVolume(volumeId, 64L * BLOCK, BLOCK, VolumeRole.PRIMARY);
        write(0, 2);
        client.createSnapshot(volumeId);
        write(1, 1);
        write(9, 3);
        client.createSnapshot(volumeId);
    }

    @Test
    void shouldBeRefusedWithoutAToken() {
        try (StaticLocator locator = overTls(Optional.empty())) {
            assertThatThrownBy(() -> reader(locator).delta(new ChangeQuery(volumeId, 2, 1L)))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                        assertThat(e.getStatus().getDescription())
                                .contains("no security_token", volumeId + ".2", "site " + SITE);
                    });
        }
    }

    @Test
    void shouldBeRefusedWithAWrongTokenThatTheAnswerDoesNotRepeat() throws IOException {
        String wrong = "not-" + TOKEN;
        try (StaticLocator locator = overTls(Optional.of(tokenFile("wrong", wrong)))) {
            assertThatThrownBy(() -> reader(locator).allocated(new ChangeQuery(volumeId, 2, null)))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                        assertThat(e.getStatus().getDescription()).contains("not one this service accepts")
                                .doesNotContain(wrong);
                    });
        }
    }

    @Test
    void shouldReadTheStoresExtentsWithTheRightTokenOverTls() throws IOException {
        try (StaticLocator locator = overTls(Optional.of(tokenFile("right", TOKEN + "\n")))) {
            Delta delta = reader(locator).delta(new ChangeQuery(volumeId, 2, 1L));
            List<Extent> allocated = reader(locator).allocated(new ChangeQuery(volumeId, 2, null));

            assertThat(delta.method()).isEqualTo(ChangeMethod.CBT);
            assertThat(delta.extents()).containsExactly(blocks(1, 1), blocks(9, 3));
            assertThat(allocated).containsExactly(blocks(0, 2), blocks(9, 3));
        }
    }

    @Test
    void shouldReadTheTokenFileAgainBeforeEachCall() throws IOException {
        Path file = tokenFile("rotated", "an-old-token");
        try (StaticLocator locator = new StaticLocator(URI.create(store.url()), Optional.empty(), Optional.of(file))) {
            SnapshotMetadataReader reader = reader(locator);
            assertThatThrownBy(() -> reader.delta(new ChangeQuery(volumeId, 2, 1L)))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));

            Files.writeString(file, TOKEN);

            assertThat(reader.delta(new ChangeQuery(volumeId, 2, 1L)).extents())
                    .containsExactly(blocks(1, 1), blocks(9, 3));
        }
    }

    private static StaticLocator overTls(Optional<Path> tokenFile) {
        return new StaticLocator(URI.create("https://localhost:" + store.tlsPort()), Optional.of(store.caFile()),
                tokenFile);
    }

    private static SnapshotMetadataReader reader(MetadataServiceLocator locator) {
        return new SnapshotMetadataReader(locator, SITE, Duration.ofSeconds(30));
    }

    private static Path tokenFile(String name, String content) throws IOException {
        return Files.writeString(DIR.resolve(name + "-token"), content);
    }

    private void write(int firstBlock, int count) {
        byte[] data = new byte[count * BLOCK];
        Arrays.fill(data, (byte) 7);
        client.write(volumeId, (long) firstBlock * BLOCK, data);
    }

    private static Extent blocks(int firstBlock, int count) {
        return new Extent((long) firstBlock * BLOCK, (long) count * BLOCK);
    }
}
