package io.datamover.blockstore.rest;

import io.datamover.blockstore.api.CreateSnapshots;
import io.datamover.blockstore.api.SnapshotInfo;
import io.datamover.blockstore.domain.StoreException;
import io.datamover.blockstore.storage.VolumeStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.List;
import org.jboss.resteasy.reactive.RestResponse;

/** Snapshots of several volumes at one point in time: the volumes of one application. */
@Path("/snapshots")
@Produces(MediaType.APPLICATION_JSON)
public class GroupSnapshotResource {

    private final VolumeStore store;

    public GroupSnapshotResource(VolumeStore store) {
        this.store = store;
    }

    /**
     * Each volume's new snapshot, in the order of the request's {@code volumeIds}; with a {@code freezeReason}, every
     * volume is frozen with its snapshot.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<List<SnapshotInfo>> create(CreateSnapshots request) throws IOException {
        if (request == null) {
            throw StoreException.invalid("body", "a JSON body {\"volumeIds\", \"freezeReason\"} naming the volumes"
                    + " is required");
        }
        List<SnapshotInfo> taken = store.snapshotTogether(request.volumeIds(), request.freezeReason()).stream()
                .map(t -> Views.snapshot(t.volume(), t.snapshot()))
                .toList();
        return RestResponse.status(RestResponse.Status.CREATED, taken);
    }
}
