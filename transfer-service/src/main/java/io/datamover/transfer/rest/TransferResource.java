package io.datamover.transfer.rest;

import io.datamover.service.rest.BufferedBody;
import io.datamover.transfer.dataplane.DataPlaneServer;
import io.datamover.transfer.domain.Manifest;
import io.datamover.transfer.domain.TransferException;
import io.datamover.transfer.domain.TransferException.Reason;
import io.datamover.transfer.peer.BeginRequest;
import io.datamover.transfer.peer.BeginResponse;
import io.datamover.transfer.peer.ChunkReceipt;
import io.datamover.transfer.peer.CommitRequest;
import io.datamover.transfer.peer.CommitResult;
import io.datamover.transfer.peer.PeerProtocol;
import io.datamover.transfer.peer.TransferStatus;
import io.datamover.transfer.receiver.TargetTransfers;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/** The target end of the peer protocol: a source site pushes a delta here, chunk by chunk, then commits it. */
@Path("/transfers/{volumeId}/{snapshot}")
@Produces(MediaType.APPLICATION_JSON)
public class TransferResource {

    private final TargetTransfers transfers;
    private final DataPlaneServer dataPlane;

    public TransferResource(TargetTransfers transfers, DataPlaneServer dataPlane) {
        this.transfers = transfers;
        this.dataPlane = dataPlane;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public BeginResponse begin(@PathParam("volumeId") String volumeId, @PathParam("snapshot") String snapshot,
            BeginRequest body) {
        if (body == null) {
            throw new TransferException(Reason.INVALID_REQUEST, "body", "the begin request needs a JSON body");
        }
        Manifest manifest;
        try {
            manifest = new Manifest(PathParams.volumeId(volumeId), PathParams.snapshot(snapshot), body.sourceSite(),
                    body.baseSnapshot(), body.volumeBytes(), body.blockSize(), body.chunkCount(), body.bytesTotal(),
                    body.snapshotTakenAt());
        } catch (IllegalArgumentException e) {
            throw new TransferException(Reason.INVALID_REQUEST, InvalidFields.named(e.getMessage()), e.getMessage());
        }
        return transfers.begin(manifest).withDataPort(dataPlane.advertisedPort().orElse(null));
    }

    @GET
    public TransferStatus status(@PathParam("volumeId") String volumeId, @PathParam("snapshot") String snapshot) {
        return transfers.status(PathParams.volumeId(volumeId), PathParams.snapshot(snapshot));
    }

    /** The chunk is read whole before it is checked and written, on a worker thread ({@link BufferedBody}). */
    @PUT
    @Path("/chunks/{k}")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    public Uni<ChunkReceipt> chunk(@PathParam("volumeId") String volumeId, @PathParam("snapshot") String snapshot,
            @PathParam("k") String k, @HeaderParam(PeerProtocol.CHECKSUM_HEADER) String checksum,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String encoding, byte[] body) {
        return BufferedBody.offload(() -> transfers.receiveChunk(PathParams.volumeId(volumeId),
                PathParams.snapshot(snapshot), PathParams.chunk(k), body == null ? new byte[0] : body, checksum,
                encoding));
    }

    @POST
    @Path("/commit")
    @Consumes(MediaType.APPLICATION_JSON)
    public CommitResult commit(@PathParam("volumeId") String volumeId, @PathParam("snapshot") String snapshot,
            CommitRequest body) {
        return transfers.commit(PathParams.volumeId(volumeId), PathParams.snapshot(snapshot),
                body == null ? null : body.digest());
    }
}
