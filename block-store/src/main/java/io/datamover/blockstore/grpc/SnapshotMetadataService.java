package io.datamover.blockstore.grpc;

import io.datamover.blockstore.api.SnapshotRef;
import io.datamover.blockstore.api.grpc.BlockMetadata;
import io.datamover.blockstore.api.grpc.BlockMetadataType;
import io.datamover.blockstore.api.grpc.GetMetadataAllocatedRequest;
import io.datamover.blockstore.api.grpc.GetMetadataAllocatedResponse;
import io.datamover.blockstore.api.grpc.GetMetadataDeltaRequest;
import io.datamover.blockstore.api.grpc.GetMetadataDeltaResponse;
import io.datamover.blockstore.api.grpc.SnapshotMetadataGrpc;
import io.datamover.blockstore.config.StoreConfig;
import io.datamover.blockstore.domain.ChangeSet;
import io.datamover.blockstore.domain.ExtentPages;
import io.datamover.blockstore.domain.StoreException;
import io.datamover.blockstore.storage.Volume;
import io.datamover.blockstore.storage.VolumeStore;
import io.datamover.events.Extent;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import java.io.IOException;
import java.util.List;
import java.util.function.BiFunction;
import org.jboss.logging.Logger;
import org.roaringbitmap.RoaringBitmap;

/**
 * The Kubernetes SnapshotMetadata API (KEP-3314) over the embedded store: snapshots are named
 * {@code "<volumeId>.<n>"} ({@link SnapshotRef}); the namespace (the site) is not checked, the security token is when
 * {@code datamover.snapshot-metadata.token-file} is set ({@link SecurityTokens}).
 * Extents are VARIABLE_LENGTH, ascending, merged. GetMetadataDelta says how it found the changes in the
 * {@link io.datamover.blockstore.api.ChangeMethodHeader} response header.
 */
@GrpcService
public class SnapshotMetadataService extends SnapshotMetadataGrpc.SnapshotMetadataImplBase {

    private static final Logger LOG = Logger.getLogger(SnapshotMetadataService.class);

    private final VolumeStore store;
    private final StoreConfig config;
    private final SecurityTokens tokens;

    public SnapshotMetadataService(VolumeStore store, StoreConfig config, SecurityTokens tokens) {
        this.store = store;
        this.config = config;
        this.tokens = tokens;
    }

    @Override
    @Blocking
    public void getMetadataAllocated(GetMetadataAllocatedRequest request,
            StreamObserver<GetMetadataAllocatedResponse> responses) {
        respond(responses, () -> {
            tokens.check("GetMetadataAllocated of snapshot '" + request.getSnapshotName() + "'",
                    request.getSecurityToken());
            SnapshotRef snapshot = ref("snapshot_name", request.getSnapshotName());
            Volume volume = store.get(snapshot.volumeId());
            RoaringBitmap blocks = volume.allocated(snapshot.snapshot());
            stream(volume, blocks, request.getStartingOffset(), request.getMaxResults(), responses,
                    (capacity, page) -> GetMetadataAllocatedResponse.newBuilder()
                            .setBlockMetadataType(BlockMetadataType.VARIABLE_LENGTH)
                            .setVolumeCapacityBytes(capacity)
                            .addAllBlockMetadata(page)
                            .build());
        });
    }

    @Override
    @Blocking
    public void getMetadataDelta(GetMetadataDeltaRequest request, StreamObserver<GetMetadataDeltaResponse> responses) {
        respond(responses, () -> {
            tokens.check("GetMetadataDelta of snapshot '" + request.getTargetSnapshotName() + "' from base '"
                    + request.getBaseSnapshotId() + "'", request.getSecurityToken());
            SnapshotRef base = ref("base_snapshot_id", request.getBaseSnapshotId());
            SnapshotRef target = ref("target_snapshot_name", request.getTargetSnapshotName());
            if (!base.volumeId().equals(target.volumeId())) {
                throw Status.INVALID_ARGUMENT.withDescription("base snapshot " + base + " and target snapshot "
                        + target + " are not of the same volume").asRuntimeException();
            }
            Volume volume = store.get(target.volumeId());
            ChangeSet changes = volume.delta(base.snapshot(), target.snapshot());
            ChangeMethodInterceptor.report(changes.method());
            stream(volume, changes.blocks(), request.getStartingOffset(), request.getMaxResults(), responses,
                    (capacity, page) -> GetMetadataDeltaResponse.newBuilder()
                            .setBlockMetadataType(BlockMetadataType.VARIABLE_LENGTH)
                            .setVolumeCapacityBytes(capacity)
                            .addAllBlockMetadata(page)
                            .build());
        });
    }

    private <R> void stream(Volume volume, RoaringBitmap blocks, long startingOffset, int maxResults,
            StreamObserver<R> responses, BiFunction<Long, List<BlockMetadata>, R> response) {
        long capacity = volume.geometry().sizeBytes();
        if (startingOffset < 0 || maxResults < 0) {
            throw Status.INVALID_ARGUMENT.withDescription(startingOffset < 0
                    ? "starting_offset must not be negative, was " + startingOffset
                    : "max_results must not be negative, was " + maxResults).asRuntimeException();
        }
        if (startingOffset > capacity) {
            throw Status.OUT_OF_RANGE.withDescription("starting_offset " + startingOffset
                    + " exceeds the size of volume " + volume.id() + " (" + capacity + " bytes)").asRuntimeException();
        }
        ExtentPages pages = new ExtentPages(blocks, volume.geometry(), startingOffset,
                maxResults == 0 ? config.defaultMaxResults() : maxResults);
        if (!pages.hasNext()) {
            responses.onNext(response.apply(capacity, List.of()));
        }
        while (pages.hasNext()) {
            responses.onNext(response.apply(capacity, pages.next().stream().map(this::metadata).toList()));
        }
    }

    private BlockMetadata metadata(Extent extent) {
        return BlockMetadata.newBuilder().setByteOffset(extent.offset()).setSizeBytes(extent.length()).build();
    }

    private static SnapshotRef ref(String field, String name) {
        try {
            return SnapshotRef.parse(name);
        } catch (IllegalArgumentException e) {
            throw Status.INVALID_ARGUMENT.withDescription(field + ": " + e.getMessage()).asRuntimeException();
        }
    }

    private static void respond(StreamObserver<?> responses, Call call) {
        try {
            call.run();
            responses.onCompleted();
        } catch (StatusRuntimeException e) {
            responses.onError(e);
        } catch (StoreException e) {
            responses.onError(status(e).withDescription(e.getMessage()).asRuntimeException());
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "SnapshotMetadata call failed");
            responses.onError(Status.INTERNAL.withDescription("storage failure: " + e).withCause(e)
                    .asRuntimeException());
        }
    }

    private static Status status(StoreException e) {
        return switch (e.reason()) {
            case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
            case VOLUME_NOT_FOUND, SNAPSHOT_NOT_FOUND -> Status.NOT_FOUND;
            default -> Status.FAILED_PRECONDITION;
        };
    }

    private interface Call {
        void run() throws IOException;
    }
}
