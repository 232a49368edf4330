package io.datamover.cbt.grpc;

import io.datamover.blockstore.api.grpc.BlockMetadata;
import io.datamover.blockstore.api.grpc.GetMetadataAllocatedRequest;
import io.datamover.blockstore.api.grpc.GetMetadataDeltaRequest;
import io.datamover.blockstore.api.grpc.SnapshotMetadataGrpc;
import io.datamover.blockstore.api.grpc.SnapshotMetadataGrpc.SnapshotMetadataBlockingStub;
import io.datamover.cbt.config.CbtConfig;
import io.datamover.blockstore.api.ChangeMethodHeader;
import io.datamover.cbt.domain.ChangeQuery;
import io.datamover.cbt.domain.Delta;
import io.datamover.cbt.domain.ExtentCollector;
import io.datamover.events.Extent;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Client of the SnapshotMetadata gRPC service (KEP-3314). Each call streams the extents of a
 * snapshot; they are collected, adjacent ones merged. Before each call the {@link MetadataServiceLocator} says
 * where the service is and which {@code security_token} to send. Failed calls surface as
 * {@link StatusRuntimeException}, extents that break the contract as {@link IllegalArgumentException}, a storage
 * without the service as {@link NoMetadataServiceException}.
 */
@Singleton
public class SnapshotMetadataReader {

    private static final Metadata.Key<String> CHANGE_METHOD = Metadata.Key.of(ChangeMethodHeader.NAME,
            Metadata.ASCII_STRING_MARSHALLER);

    private final MetadataServiceLocator locator;
    private final String namespace;
    private final Duration deadline;

    @Inject
    public SnapshotMetadataReader(MetadataServiceLocator locator, CbtConfig config) {
        this(locator, config.site(), config.cbt().callDeadline());
    }

    /** @param namespace the requests' namespace unless a query names a VolumeSnapshot (the embedded store: the site id) */
    public SnapshotMetadataReader(MetadataServiceLocator locator, String namespace, Duration deadline) {
        this.locator = locator;
        this.namespace = namespace;
        this.deadline = deadline;
    }

    /**
     * The extents written between {@code query.baseSnapshot()} and {@code query.snapshot()}, and how the service
     * found them (its {@link ChangeMethodHeader} response header).
     */
    public Delta delta(ChangeQuery query) {
        MetadataEndpoint endpoint = locator.locate(query.driver());
        GetMetadataDeltaRequest request = GetMetadataDeltaRequest.newBuilder()
                .setSecurityToken(endpoint.securityToken())
                .setNamespace(query.namespace(namespace))
                .setBaseSnapshotId(query.baseSnapshotId())
                .setTargetSnapshotName(query.snapshotName())
                .build();
        AtomicReference<Metadata> headers = new AtomicReference<>();
        List<Extent> extents = collect(endpoint, s -> s
                .withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(headers, new AtomicReference<>()))
                .getMetadataDelta(request), response -> response.getBlockMetadataList());
        return new Delta(Delta.method(headers.get() == null ? null : headers.get().get(CHANGE_METHOD)), extents);
    }

    /** Every allocated extent of {@code query.snapshot()}. */
    public List<Extent> allocated(ChangeQuery query) {
        MetadataEndpoint endpoint = locator.locate(query.driver());
        GetMetadataAllocatedRequest request = GetMetadataAllocatedRequest.newBuilder()
                .setSecurityToken(endpoint.securityToken())
                .setNamespace(query.namespace(namespace))
                .setSnapshotName(query.snapshotName())
                .build();
        return collect(endpoint, s -> s.getMetadataAllocated(request), response -> response.getBlockMetadataList());
    }

    /** Calls the service of {@code endpoint}; a refused token is reported to the locator. */
    private <R> List<Extent> collect(MetadataEndpoint endpoint, Function<SnapshotMetadataBlockingStub,
            Iterator<R>> call, Function<R, List<BlockMetadata>> blocks) {
        try {
            return collect(call.apply(SnapshotMetadataGrpc.newBlockingStub(endpoint.channel())
                    .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)), blocks);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.UNAUTHENTICATED) {
                locator.refused(endpoint);
            }
            throw e;
        }
    }

    /**
     * Collects the extents as they stream in. A stream that breaks the contract (extents out of
     * order) is still read to its end, so that the call completes instead of lingering until its deadline.
     */
    private static <R> List<Extent> collect(Iterator<R> responses, Function<R, List<BlockMetadata>> blocks) {
        ExtentCollector collector = new ExtentCollector();
        IllegalArgumentException invalid = null;
        while (responses.hasNext()) {
            R response = responses.next();
            try {
                if (invalid == null) {
                    blocks.apply(response).forEach(block -> collector.add(block.getByteOffset(), block.getSizeBytes()));
                }
            } catch (IllegalArgumentException e) {
                invalid = e;
            }
        }
        if (invalid != null) {
            throw invalid;
        }
        return collector.extents();
    }
}
