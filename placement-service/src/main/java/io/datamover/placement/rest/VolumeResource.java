package io.datamover.placement.rest;

import io.datamover.events.Fields;
import io.datamover.events.ReplicaState;
import io.datamover.placement.domain.PlacementException;
import io.datamover.placement.domain.PlacementException.Reason;
import io.datamover.placement.kafka.ReplicaStateQueries;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Placement's view of every volume: its primary and the state and lag of each replica. */
@Path("/volumes")
@Produces(MediaType.APPLICATION_JSON)
public class VolumeResource {

    private final ReplicaStateQueries queries;

    VolumeResource(ReplicaStateQueries queries) {
        this.queries = queries;
    }

    @GET
    public List<ReplicaState> volumes() {
        return queries.volumes();
    }

    /** The id is matched up to the end of the path, slashes included, so that any bad id is answered as such. */
    @GET
    @Path("{id: .+}")
    public ReplicaState volume(@PathParam("id") String id) {
        try {
            Fields.id("id", id);
        } catch (IllegalArgumentException e) {
            throw new PlacementException(Reason.INVALID_INPUT, "id", e.getMessage());
        }
        return queries.volume(id).orElseThrow(() -> new PlacementException(
                Reason.UNKNOWN_VOLUME, "id", "unknown volume '" + id + "'"));
    }
}
