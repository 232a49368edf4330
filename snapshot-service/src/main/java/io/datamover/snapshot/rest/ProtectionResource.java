package io.datamover.snapshot.rest;

import io.datamover.blockstore.api.BlockStoreException;
import io.datamover.events.SnapshotTaken;
import io.datamover.snapshot.config.SnapshotConfig;
import io.datamover.snapshot.domain.Protection;
import io.datamover.snapshot.domain.ProtectionException;
import io.datamover.snapshot.domain.ProtectionException.Reason;
import io.datamover.snapshot.kafka.ProgressRebuild;
import io.datamover.snapshot.service.Groups;
import io.datamover.snapshot.service.Protections;
import io.datamover.snapshot.service.SnapshotCycle;
import io.datamover.snapshot.service.StoreFailures;
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

/** The protections of this site's volumes, and snapshots on request. */
@Path("/protections")
@Produces(MediaType.APPLICATION_JSON)
public class ProtectionResource {

    private static final Logger LOG = Logger.getLogger(ProtectionResource.class);

    private final String site;
    private final Protections protections;
    private final Groups groups;
    private final SnapshotCycle cycle;
    private final ProgressRebuild progressRebuild;
    private final VolumeSnapshots volumes;

    public ProtectionResource(SnapshotConfig config, Protections protections, Groups groups, SnapshotCycle cycle,
            ProgressRebuild progressRebuild, VolumeSnapshots volumes) {
        this.site = config.site();
        this.protections = protections;
        this.groups = groups;
        this.cycle = cycle;
        this.progressRebuild = progressRebuild;
        this.volumes = volumes;
    }

    @GET
    public List<ProtectionView> all() {
        return protections.all().stream().map(this::view).toList();
    }

    @GET
    @Path("{volumeId}")
    public ProtectionView get(@PathParam("volumeId") String volumeId) {
        return view(existing(volumeId));
    }

    /** The volume need not exist here, nor be the primary: it may be protected ahead of a switchover to this site. */
    @PUT
    @Path("{volumeId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Protection put(@PathParam("volumeId") String volumeId, ProtectionRequest request) {
        Protection.requireId("volumeId", volumeId);
        if (request == null) {
            throw new ProtectionException(Reason.INVALID, null, "a JSON body with intervalSeconds, retain and"
                    + " targetSites is required");
        }
        Protection protection = request.toProtection(volumeId).requireRunsAt(site);
        groups.protectAlone(protection);
        LOG.infof("volume %s at site %s protected: every %ds, retain %d, to %s, %s", volumeId, site,
                protection.intervalSeconds(), protection.retain(), protection.targetSites(),
                volumes.standing(List.of(volumeId)).code());
        return protection;
    }

    @DELETE
    @Path("{volumeId}")
    public void delete(@PathParam("volumeId") String volumeId) {
        Protection.requireId("volumeId", volumeId);
        if (!protections.remove(volumeId)) {
            throw notProtected(volumeId);
        }
        cycle.forget(volumeId);
        LOG.infof("volume %s at site %s no longer protected", volumeId, site);
    }

    @POST
    @Path("{volumeId}/snapshots")
    public RestResponse<SnapshotTaken> snapshot(@PathParam("volumeId") String volumeId) {
        Protection protection = existing(volumeId);
        progressRebuild.requireComplete();
        try {
            return RestResponse.status(RestResponse.Status.CREATED, cycle.takeNow(protection));
        } catch (BlockStoreException e) {
            throw storeFailure(volumeId, e);
        }
    }

    private ProtectionView view(Protection protection) {
        List<String> volumeIds = List.of(protection.volumeId());
        return new ProtectionView(protection, volumes.standing(volumeIds), volumes.replication(volumeIds).get(0));
    }

    private Protection existing(String volumeId) {
        Protection.requireId("volumeId", volumeId);
        return protections.find(volumeId).orElseThrow(() -> notProtected(volumeId));
    }

    private ProtectionException notProtected(String volumeId) {
        return new ProtectionException(Reason.NOT_FOUND, "volumeId", "volume '" + volumeId
                + "' is not protected at site " + site);
    }

    private ProtectionException storeFailure(String volumeId, BlockStoreException e) {
        return StoreFailures.of(site, "volumeId", "volume '" + volumeId + "'", e);
    }
}
