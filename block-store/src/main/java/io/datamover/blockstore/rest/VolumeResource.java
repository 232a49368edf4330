package io.datamover.blockstore.rest;

import io.datamover.blockstore.api.CreateVolume;
import io.datamover.blockstore.api.Freeze;
import io.datamover.blockstore.api.Rejoin;
import io.datamover.blockstore.api.RejoinResult;
import io.datamover.blockstore.api.Verification;
import io.datamover.blockstore.api.VolumeInfo;
import io.datamover.blockstore.domain.StoreException;
import io.datamover.blockstore.storage.Volume;
import io.datamover.blockstore.storage.VolumeStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.List;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/volumes")
@Produces(MediaType.APPLICATION_JSON)
public class VolumeResource {

    private final VolumeStore store;

    public VolumeResource(VolumeStore store) {
        this.store = store;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<VolumeInfo> create(CreateVolume request) throws IOException {
        if (request == null) {
            throw StoreException.invalid("body",
                    "a JSON body {\"id\", \"sizeBytes\", \"blockSize\", \"role\"} is required");
        }
        return RestResponse.status(RestResponse.Status.CREATED, Views.volume(store.create(request).metadata()));
    }

    @GET
    public List<VolumeInfo> list() {
        return store.list().stream().map(volume -> Views.volume(volume.metadata())).toList();
    }

    @GET
    @Path("{id}")
    public VolumeInfo get(@RestPath String id) {
        return Views.volume(store.get(id).metadata());
    }

    @POST
    @Path("{id}/freeze")
    @Consumes(MediaType.APPLICATION_JSON)
    public VolumeInfo freeze(@RestPath String id, Freeze request) throws IOException {
        return Views.volume(store.get(id).freeze(request == null ? null : request.reason()));
    }

    /** Deletes the volume; 409 naming them while a clone or a holder needs one of its snapshots. */
    @DELETE
    @Path("{id}")
    public void delete(@RestPath String id) throws IOException {
        store.delete(id);
    }

    /** Reads the live volume, checking every sector against its checksum; writes wait while a chunk is read. */
    /**
     * With {@code changed=true}, only the blocks written since the latest snapshot: a replica's parts before they are
     * sealed.
     */
    @GET
    @Path("{id}/verify")
    public Verification verify(@RestPath String id, @RestQuery String changed) throws IOException {
        Volume volume = store.get(id);
        return Params.flag("changed", changed) ? volume.verifyChanged() : volume.verifyLive();
    }

    @POST
    @Path("{id}/thaw")
    public VolumeInfo thaw(@RestPath String id) throws IOException {
        return Views.volume(store.get(id).thaw());
    }

    /** Makes the replica the primary at its consistent snapshot, undoing unsealed parts; a no-op for a primary. */
    @POST
    @Path("{id}/promote")
    public VolumeInfo promote(@RestPath String id) throws IOException {
        return Views.volume(store.get(id).promote());
    }

    /** Makes the frozen primary a replica consistent at its latest snapshot; a no-op for a replica. */
    @POST
    @Path("{id}/demote")
    public VolumeInfo demote(@RestPath String id) throws IOException {
        return Views.volume(store.get(id).demote());
    }

    /**
     * Makes a primary lost in a failover a replica consistent at the snapshot of the body, discarding the history
     * after it; a no-op for a replica.
     */
    @POST
    @Path("{id}/rejoin")
    @Consumes(MediaType.APPLICATION_JSON)
    public RejoinResult rejoin(@RestPath String id, Rejoin request) throws IOException {
        Volume volume = store.get(id);
        if (request == null || request.snapshot() == null) {
            throw StoreException.invalid("snapshot", "a JSON body {\"snapshot\"} naming the last snapshot that the"
                    + " new primary holds too is required");
        }
        return Views.rejoined(volume.rejoin(request.snapshot()));
    }
}
