package io.datamover.mover.rest;

import io.datamover.blockstore.api.DeltaFormat;
import io.datamover.events.Extent;
import io.datamover.mover.config.MoverConfig;
import io.datamover.mover.domain.ExtentRequest;
import io.datamover.mover.storage.SnapshotDevice;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.List;
import org.jboss.resteasy.reactive.RestPath;

/** The block store's extents endpoint for the one snapshot this mover serves: what the transfer-service reads. */
@Path("/volumes/{volumeId}/snapshots/{n}/extents")
public class ExtentsResource {

    private final MoverConfig config;
    private final SnapshotDevice device;

    public ExtentsResource(MoverConfig config, SnapshotDevice device) {
        this.config = config;
        this.device = device;
    }

    /**
     * The given extents of the snapshot framed as a delta ({@link DeltaFormat}), in the order given; at most
     * {@value ExtentRequest#MAX_READ} data bytes, whole sectors inside the volume, not overlapping.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public byte[] read(@RestPath String volumeId, @RestPath String n, List<Extent> extents) throws IOException {
        Served.check(config, MoverConfig.Mode.SNAPSHOT, volumeId, n);
        long dataBytes = ExtentRequest.check(extents, config.volumeBytes());
        return device.readFramed(extents, dataBytes);
    }
}
