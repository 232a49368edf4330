package io.datamover.kube.rest;

import io.datamover.kube.config.ControllerConfig;
import io.datamover.kube.domain.Ids;
import io.datamover.kube.domain.MoveReport;
import io.datamover.kube.kubernetes.MoveLog;
import io.datamover.service.rest.ErrorResponses;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The moves of applications at this site: per group, the last step of a placement decision this controller carried
 * out or failed to carry out since it started, whether or not the group has a ProtectedApplication here.
 */
@Path("/moves")
@Produces(MediaType.APPLICATION_JSON)
public class MoveResource {

    private final MoveLog log;
    private final String site;

    public MoveResource(MoveLog log, ControllerConfig config) {
        this.log = log;
        this.site = config.site();
    }

    /** Every group's last step, by group id. */
    @GET
    public List<MoveReport> all() {
        return log.all();
    }

    /** 400 naming {@code groupId} when it is no group id, 404 when no step of the group was taken here. */
    @GET
    @Path("{groupId}")
    public Response one(@PathParam("groupId") String groupId) {
        if (!Ids.isValid(groupId)) {
            return ErrorResponses.error(400, "'" + groupId + "' is not a group id (a DNS label: a-z, 0-9 and '-', at"
                    + " most 63 characters)", "groupId");
        }
        return log.find(groupId).map(report -> Response.ok(report).build()).orElseGet(() -> ErrorResponses.error(404,
                "no step of a move of group '" + groupId + "' was taken at site " + site + " since the controller"
                        + " started", "groupId"));
    }
}
