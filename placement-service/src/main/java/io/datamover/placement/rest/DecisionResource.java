package io.datamover.placement.rest;

import io.datamover.placement.domain.Decision;
import io.datamover.placement.kafka.CoordinatorQueries;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The decisions of this site's placement, the latest step of each, newest first. */
@Path("/decisions")
@Produces(MediaType.APPLICATION_JSON)
public class DecisionResource {

    private final CoordinatorQueries queries;

    DecisionResource(CoordinatorQueries queries) {
        this.queries = queries;
    }

    /** @param open only the decisions under way */
    @GET
    public List<Decision> decisions(@QueryParam("open") boolean open) {
        return queries.decisions().stream().filter(d -> !open || d.isOpen()).toList();
    }
}
