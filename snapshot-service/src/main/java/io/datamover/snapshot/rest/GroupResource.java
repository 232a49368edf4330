package io.datamover.snapshot.rest;

import io.datamover.snapshot.config.SnapshotConfig;
import io.datamover.snapshot.domain.Group;
import io.datamover.snapshot.domain.GroupSnapshot;
import io.datamover.snapshot.domain.Protection;
import io.datamover.snapshot.domain.ProtectionException;
import io.datamover.snapshot.domain.ProtectionException.Reason;
import io.datamover.snapshot.domain.RemoteHooks;
import io.datamover.snapshot.service.GroupCycle;
import io.datamover.snapshot.service.Groups;
import io.datamover.snapshot.service.RemoteHookRunner;
import io.datamover.snapshot.service.VolumeSnapshots;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;

/** The volume groups of this site: volumes snapshotted together, with optional quiesce hooks. */
@Path("/groups")
@Produces(MediaType.APPLICATION_JSON)
public class GroupResource {

    private static final Logger LOG = Logger.getLogger(GroupResource.class);

    private final String site;
    private final Groups groups;
    private final GroupCycle cycle;
    private final VolumeSnapshots volumes;
    private final RemoteHookRunner remoteHooks;

    public GroupResource(SnapshotConfig config, Groups groups, GroupCycle cycle, VolumeSnapshots volumes,
            RemoteHookRunner remoteHooks) {
        this.site = config.site();
        this.groups = groups;
        this.cycle = cycle;
        this.volumes = volumes;
        this.remoteHooks = remoteHooks;
    }

    @GET
    public List<GroupView> all() {
        return groups.all().stream().map(this::view).toList();
    }

    @GET
    @Path("{groupId}")
    public GroupView get(@PathParam("groupId") String groupId) {
        return view(existing(groupId));
    }

    /** Volumes need not exist here, nor be primaries: a group may be defined ahead of a switchover to this site. */
    @PUT
    @Path("{groupId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Group put(@PathParam("groupId") String groupId, GroupRequest request) {
        Protection.requireId("groupId", groupId);
        if (request == null) {
            throw new ProtectionException(Reason.INVALID, null, "a JSON body with volumeIds, intervalSeconds,"
                    + " retain, targetSites and optional preHook, postHook and hookTimeoutSeconds, or remoteHooks, is"
                    + " required");
        }
        Group group = remoteHooks.requireRunnable(request.toGroup(groupId).requireRunsAt(site));
        groups.put(group);
        LOG.infof("group %s at site %s: volumes %s every %ds, retain %d, to %s, pre hook %s, post hook %s, %s", groupId,
                site, group.volumeIds(), group.intervalSeconds(), group.retain(), group.targetSites(),
                describe(group.preHook(), group.remoteHooks() == null ? null : group.remoteHooks().pre()),
                describe(group.postHook(), group.remoteHooks() == null ? null : group.remoteHooks().post()),
                volumes.standing(group.volumeIds()).code());
        return group;
    }

    @DELETE
    @Path("{groupId}")
    public void delete(@PathParam("groupId") String groupId) {
        Group group = existing(groupId);
        if (groups.remove(groupId)) {
            cycle.forget(group);
            LOG.infof("group %s at site %s removed; its volumes are no longer protected", groupId, site);
        }
    }

    /** A group snapshot now, outside the schedule, with the hooks. */
    @POST
    @Path("{groupId}/snapshots")
    public RestResponse<GroupSnapshot> snapshot(@PathParam("groupId") String groupId) {
        Protection.requireId("groupId", groupId);
        return RestResponse.status(RestResponse.Status.CREATED, cycle.takeNow(groupId));
    }

    private static String describe(List<String> local, RemoteHooks.Phase remote) {
        if (remote != null) {
            return "run by the kube-controller (timeout " + remote.timeoutSeconds() + "s)";
        }
        return local == null ? "none" : local.toString();
    }

    private GroupView view(Group group) {
        return GroupView.of(group, volumes.standing(group.volumeIds()), cycle.state(group.groupId()),
                volumes.replication(group.volumeIds()));
    }

    private Group existing(String groupId) {
        Protection.requireId("groupId", groupId);
        return groups.find(groupId).orElseThrow(() -> new ProtectionException(Reason.NOT_FOUND, "groupId",
                "group '" + groupId + "' does not exist at site " + site));
    }
}
