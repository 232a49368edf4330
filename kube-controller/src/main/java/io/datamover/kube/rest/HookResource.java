package io.datamover.kube.rest;

import io.datamover.kube.domain.HookOutcome;
import io.datamover.kube.domain.HookRefusedException;
import io.datamover.kube.domain.Ids;
import io.datamover.kube.kubernetes.RemoteHooks;
import io.datamover.service.rest.ErrorResponses;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The hooks of ProtectedApplications, run on the snapshot-service's request around a group snapshot. A hook that ran
 * (or found no pod to run in) is a 200 whose body says how it went; a request that names no hook is a 4xx naming the
 * field.
 */
@Path("/hooks")
@Produces(MediaType.APPLICATION_JSON)
public class HookResource {

    private final RemoteHooks hooks;

    public HookResource(RemoteHooks hooks) {
        this.hooks = hooks;
    }

    /** Blocks a worker thread until the command exits or its timeout passes. */
    @POST
    @Path("{groupId}/{phase}")
    @Consumes(MediaType.APPLICATION_JSON)
    public HookOutcome run(@PathParam("groupId") String groupId, @PathParam("phase") String phase, HookCall call) {
        if (!Ids.isValid(groupId)) {
            throw HookRefusedException.invalid("groupId", "'" + groupId + "' is not a group id");
        }
        HookCall given = call == null ? new HookCall(null, null, null) : call;
        String site = given.site() != null && Ids.isValid(given.site()) ? given.site() : null;
        return hooks.run(groupId, phase, given.timeoutSeconds(), site);
    }

    @ServerExceptionMapper
    public Response refused(HookRefusedException e) {
        return ErrorResponses.error(e.status(), e.getMessage(), e.field());
    }
}
