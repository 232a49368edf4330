package io.datamover.blockstore.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.SnapshotRef;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.blockstore.api.grpc.BlockMetadata;
import io.datamover.blockstore.api.grpc.BlockMetadataType;
import io.datamover.blockstore.api.grpc.GetMetadataAllocatedRequest;
import io.datamover.blockstore.api.grpc.GetMetadataAllocatedResponse;
import io.datamover.blockstore.api.grpc.GetMetadataDeltaRequest;
import io.datamover.blockstore.api.grpc.GetMetadataDeltaResponse;
import io.datamover.blockstore.api.grpc.SnapshotMetadataGrpc;
import io.datamover.events.Extent;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real gRPC client against the SnapshotMetadata service on the store's HTTP port. */
@QuarkusTest
class SnapshotMetadataServiceTest {

    private static final int SECTOR = 4096;
    private static final int BLOCK = 4096;
    private static final long SIZE = 64L * BLOCK;

    @TestHTTPResource("/")
    URL url;

    private ManagedChannel channel;
    private SnapshotMetadataGrpc.SnapshotMetadataBlockingStub grpc;
    private BlockStoreClient store;

    @BeforeEach
    void connect() throws URISyntaxException {
        channel = ManagedChannelBuilder.forAddress(url.getHost(), url.getPort()).usePlaintext().build();
        grpc = SnapshotMetadataGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
        store = new BlockStoreClient(url.toURI());
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void shouldStreamTheAllocatedBlocksAsMergedVariableLengthExtents() {
        String id = volume();
        write(id, 0, 1, 2, 10);
        store.createSnapshot(id);

        List<GetMetadataAllocatedResponse> responses = allocated(id, 1, 0, 0);

        assertThat(responses).allSatisfy(r -> {
            assertThat(r.getBlockMetadataType()).isEqualTo(BlockMetadataType.VARIABLE_LENGTH);
            assertThat(r.getVolumeCapacityBytes()).isEqualTo(SIZE);
        });
        assertThat(extents(responses.stream().flatMap(r -> r.getBlockMetadataList().stream()).toList()))
                .containsExactly(new long[] {0, 3L * BLOCK}, new long[] {10L * BLOCK, BLOCK});
    }

    @Test
    void shouldSayThatTheDeltaOfACleanlyRunStoreCameFromChangedBlockTracking() {
        String id = volume();
        write(id, 0);
        store.createSnapshot(id);
        write(id, 3);
        store.createSnapshot(id);
        AtomicReference<Metadata> headers = new AtomicReference<>();
        AtomicReference<Metadata> trailers = new AtomicReference<>();

        grpc.withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(headers, trailers))
                .getMetadataDelta(GetMetadataDeltaRequest.newBuilder()
                        .setBaseSnapshotId(SnapshotRef.name(id, 1))
                        .setTargetSnapshotName(SnapshotRef.name(id, 2))
                        .build())
                .forEachRemaining(response -> { });

        assertThat(headers.get().get(ChangeMethodInterceptor.HEADER)).isEqualTo("cbt");
    }

    @Test
    void shouldStreamTheBlocksChangedBetweenTwoSnapshots() {
        String id = volume();
        write(id, 0, 1);
        store.createSnapshot(id);
        write(id, 1, 5, 6, 7);
        store.createSnapshot(id);

        List<long[]> delta = extents(deltaExtents(delta(id, 1, 2, 0, 0)));

        assertThat(delta).containsExactly(new long[] {BLOCK, BLOCK}, new long[] {5L * BLOCK, 3L * BLOCK});
    }

    /** After a switchover, cbt-service asks the promoted replica for the delta from the snapshot it was promoted at. */
    @Test
    void shouldStreamOnlyTheBlocksWrittenAfterAPromotionAsTheDeltaFromTheConsistentSnapshot() {
        String source = volume();
        String replica = "g-" + UUID.randomUUID().toString().substring(0, 8);
        store.createVolume(replica, SIZE, BLOCK, VolumeRole.REPLICA);
        write(source, 0, 1, 2);
        store.createSnapshot(source);
        store.freeze(replica, "receiving");
        store.apply(replica, null, 1, () -> new ByteArrayInputStream(
                store.readExtents(source, 1, List.of(new Extent(0, 3L * BLOCK)))));
        write(source, 2, 30);
        store.createSnapshot(source);
        store.beginApply(replica, 1L, 2);
        store.applyPart(replica, 1L, 2, store.readExtents(source, 2,
                List.of(new Extent(2L * BLOCK, BLOCK), new Extent(30L * BLOCK, BLOCK))));

        store.promote(replica);
        write(replica, 7);
        store.createSnapshot(replica);

        assertThat(extents(deltaExtents(delta(replica, 1, 2, 0, 0)))).containsExactly(new long[] {7L * BLOCK, BLOCK});
        assertThat(extents(allocated(replica, 2, 0, 0).stream().flatMap(r -> r.getBlockMetadataList().stream())
                .toList())).containsExactly(new long[] {0, 3L * BLOCK}, new long[] {7L * BLOCK, BLOCK});
    }

    @Test
    void shouldHonourMaxResultsAndStartingOffset() {
        String id = volume();
        store.createSnapshot(id);
        write(id, 2, 4, 6, 8, 9, 20);
        store.createSnapshot(id);

        List<GetMetadataDeltaResponse> paged = delta(id, 1, 2, 0, 2);
        List<GetMetadataDeltaResponse> resumed = delta(id, 1, 2, 8L * BLOCK + 100, 0);

        assertThat(paged).extracting(GetMetadataDeltaResponse::getBlockMetadataCount).containsExactly(2, 2, 1);
        assertThat(extents(deltaExtents(resumed)))
                .containsExactly(new long[] {8L * BLOCK + 100, 2L * BLOCK - 100}, new long[] {20L * BLOCK, BLOCK});
    }

    @Test
    void shouldFailThePreconditionWhenTheBaseWasDeleted() {
        String id = volume();
        store.createSnapshot(id);
        store.createSnapshot(id);
        store.createSnapshot(id);
        store.deleteSnapshot(id, 1);

        assertThatThrownBy(() -> delta(id, 1, 3, 0, 0))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                    assertThat(e.getStatus().getDescription()).contains("base snapshot 1", id);
                });
        assertThat(delta(id, 2, 3, 0, 0)).isNotEmpty();
    }

    @Test
    void shouldAnswerNotFoundForAnUnknownVolumeOrSnapshot() {
        String id = volume();
        store.createSnapshot(id);

        assertThat(code(() -> allocated("no-such-volume", 1, 0, 0))).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(code(() -> allocated(id, 7, 0, 0))).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(code(() -> delta(id, 1, 7, 0, 0))).isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void shouldRejectMalformedNamesAndOffsets() {
        String id = volume();
        store.createSnapshot(id);

        assertThat(code(() -> grpc.getMetadataAllocated(GetMetadataAllocatedRequest.newBuilder()
                .setSnapshotName("../etc.1").build()).forEachRemaining(r -> { })))
                .isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(code(() -> allocated(id, 1, -1, 0))).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(code(() -> allocated(id, 1, SIZE + 1, 0))).isEqualTo(Status.Code.OUT_OF_RANGE);
    }

    private String volume() {
        String id = "g-" + UUID.randomUUID().toString().substring(0, 8);
        store.createVolume(id, SIZE, BLOCK, VolumeRole.PRIMARY);
        return id;
    }

    /** Writes the first sector of each block. */
    private void write(String id, int... blocks) {
        byte[] sector = new byte[SECTOR];
        Arrays.fill(sector, (byte) 1);
        for (int block : blocks) {
            store.write(id, (long) block * BLOCK, sector);
        }
    }

    private List<GetMetadataAllocatedResponse> allocated(String id, long snapshot, long startingOffset, int max) {
        List<GetMetadataAllocatedResponse> responses = new ArrayList<>();
        grpc.getMetadataAllocated(GetMetadataAllocatedRequest.newBuilder()
                .setNamespace("test-site")
                .setSnapshotName(SnapshotRef.name(id, snapshot))
                .setStartingOffset(startingOffset)
                .setMaxResults(max)
                .build()).forEachRemaining(responses::add);
        return responses;
    }

    private List<GetMetadataDeltaResponse> delta(String id, long base, long target, long startingOffset, int max) {
        List<GetMetadataDeltaResponse> responses = new ArrayList<>();
        grpc.getMetadataDelta(GetMetadataDeltaRequest.newBuilder()
                .setNamespace("test-site")
                .setBaseSnapshotId(SnapshotRef.name(id, base))
                .setTargetSnapshotName(SnapshotRef.name(id, target))
                .setStartingOffset(startingOffset)
                .setMaxResults(max)
                .build()).forEachRemaining(responses::add);
        return responses;
    }

    private static List<BlockMetadata> deltaExtents(List<GetMetadataDeltaResponse> responses) {
        return responses.stream().flatMap(r -> r.getBlockMetadataList().stream()).toList();
    }

    private static List<long[]> extents(List<BlockMetadata> metadata) {
        return metadata.stream().map(m -> new long[] {m.getByteOffset(), m.getSizeBytes()}).toList();
    }

    private static Status.Code code(Runnable call) {
        try {
            call.run();
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
        throw new AssertionError("the call succeeded");
    }
}
