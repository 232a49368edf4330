package io.datamover.placement.rest;

import io.datamover.events.Fields;
import io.datamover.placement.domain.PlacementException;
import io.datamover.placement.domain.PlacementException.Reason;
import io.datamover.placement.domain.SiteStatus;
import io.datamover.placement.kafka.CoordinatorQueries;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Placement's view of every known site: its metrics, headroom, heartbeats and shortage, as of the request. */
@Path("/sites")
@Produces(MediaType.APPLICATION_JSON)
public class SiteResource {

    private final CoordinatorQueries queries;

    SiteResource(CoordinatorQueries queries) {
        this.queries = queries;
    }

    @GET
    public List<SiteStatus> sites() {
        return queries.sites();
    }

    @GET
    @Path("{id: .+}")
    public SiteStatus site(@PathParam("id") String id) {
        try {
            Fields.id("id", id);
        } catch (IllegalArgumentException e) {
            throw new PlacementException(Reason.INVALID_INPUT, "id", e.getMessage());
        }
        return queries.site(id).orElseThrow(() -> new PlacementException(Reason.UNKNOWN_SITE, "id",
                "unknown site '" + id + "': not one of the sites configured under datamover.placement.sites"));
    }
}
