package io.datamover.blockstore.crash;

import io.datamover.blockstore.api.ChangeMethodHeader;
import io.datamover.blockstore.api.SnapshotRef;
import io.datamover.blockstore.api.grpc.BlockMetadata;
import io.datamover.blockstore.api.grpc.GetMetadataAllocatedRequest;
import io.datamover.blockstore.api.grpc.GetMetadataDeltaRequest;
import io.datamover.blockstore.api.grpc.SnapshotMetadataGrpc;
import io.datamover.events.ChangeMethod;
import io.datamover.events.Extent;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.roaringbitmap.RoaringBitmap;

/** The store's SnapshotMetadata gRPC service, called as transfer-service calls it. */
final class SnapshotMetadataCalls implements AutoCloseable {

    private static final Metadata.Key<String> CHANGE_METHOD = Metadata.Key.of(ChangeMethodHeader.NAME,
            Metadata.ASCII_STRING_MARSHALLER);
    private static final long DEADLINE_SECONDS = 60;

    private final String site;
    private final ManagedChannel channel;

    SnapshotMetadataCalls(String site, int port) {
        this.site = site;
        this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    /** GetMetadataDelta: the extents that changed from {@code base} to {@code target}, and how the store found them. */
    Changes delta(String volumeId, long base, long target) {
        AtomicReference<Metadata> headers = new AtomicReference<>();
        List<Extent> extents = new ArrayList<>();
        SnapshotMetadataGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(headers, new AtomicReference<>()))
                .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                .getMetadataDelta(GetMetadataDeltaRequest.newBuilder()
                        .setNamespace(site)
                        .setBaseSnapshotId(SnapshotRef.name(volumeId, base))
                        .setTargetSnapshotName(SnapshotRef.name(volumeId, target))
                        .build())
                .forEachRemaining(response -> add(extents, response.getBlockMetadataList()));
        return new Changes(extents, method(headers.get().get(CHANGE_METHOD)));
    }

    /** GetMetadataAllocated: the extents of {@code snapshot} ever written, for a full copy. */
    Changes allocated(String volumeId, long snapshot) {
        List<Extent> extents = new ArrayList<>();
        SnapshotMetadataGrpc.newBlockingStub(channel)
                .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                .getMetadataAllocated(GetMetadataAllocatedRequest.newBuilder()
                        .setNamespace(site)
                        .setSnapshotName(SnapshotRef.name(volumeId, snapshot))
                        .build())
                .forEachRemaining(response -> add(extents, response.getBlockMetadataList()));
        return new Changes(extents, ChangeMethod.FULL);
    }

    private static void add(List<Extent> extents, List<BlockMetadata> page) {
        page.forEach(block -> extents.add(new Extent(block.getByteOffset(), block.getSizeBytes())));
    }

    /** The header's method; absent means changed block tracking, as from any other SnapshotMetadata server. */
    private static ChangeMethod method(String code) {
        if (code == null) {
            return ChangeMethod.CBT;
        }
        return Arrays.stream(ChangeMethod.values()).filter(m -> m.code().equals(code)).findFirst()
                .orElseThrow(() -> new AssertionError("unknown change method '" + code + "' in header "
                        + ChangeMethodHeader.NAME));
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    /** Extents of a volume, ascending, and how they were found. */
    record Changes(List<Extent> extents, ChangeMethod method) {

        RoaringBitmap blocks(int blockSize) {
            RoaringBitmap blocks = new RoaringBitmap();
            extents.forEach(extent -> blocks.add(extent.offset() / blockSize, extent.end() / blockSize));
            return blocks;
        }
    }
}
