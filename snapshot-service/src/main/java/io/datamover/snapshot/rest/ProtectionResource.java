package io.datamover.snapshot.rest;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.BlockStoreException;
import io.datamover.events.SnapshotTaken;
import io.datamover.snapshot.config.SnapshotConfig;
import io.datamover.snapshot.domain.Protection;
import io.datamover.snapshot.domain.ProtectionException;
import io.datamover.snapshot.domain.ProtectionException.Reason;
import io.datamover.snapshot.kafka.ProgressRebuild;
import io.datamover.snapshot.service.Protections;
import io.datamover.snapshot.service.SnapshotCycle;
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
    private final SnapshotCycle cycle;
    private final ProgressRebuild progressRebuild;
    private final BlockStoreClient store;

    public ProtectionResource(SnapshotConfig config, Protections protections, SnapshotCycle cycle,
            ProgressRebuild progressRebuild, BlockStoreClient store) {
        this.site = config.site();
        this.protections = protections;
        this.cycle = cycle;
        this.progressRebuild = progressRebuild;
        this.store = store;
    }

    @GET
    public List<Protection> all() {
        return protections.all();
    }

    @GET
    @Path("{volumeId}")
    public Protection get(@PathParam("volumeId") String volumeId) {
        return existing(volumeId);
    }

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
        requireVolumeInStore(volumeId);
        protections.put(protection);
        LOG.infof("volume %s at site %s protected: every %ds, retain %d, to %s", volumeId, site,
                protection.intervalSeconds(), protection.retain(), protection.targetSites());
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
        if (!progressRebuild.isComplete()) {
            throw new ProtectionException(Reason.NOT_READY, null, "site " + site
                    + " is still reading the replication progress; try again shortly");
        }
        try {
            return RestResponse.status(RestResponse.Status.CREATED, cycle.takeNow(protection));
        } catch (BlockStoreException e) {
            throw storeFailure(volumeId, e);
        }
    }

    private Protection existing(String volumeId) {
        Protection.requireId("volumeId", volumeId);
        return protections.find(volumeId).orElseThrow(() -> notProtected(volumeId));
    }

    private void requireVolumeInStore(String volumeId) {
        try {
            if (store.findVolume(volumeId).isEmpty()) {
                throw new ProtectionException(Reason.NOT_FOUND, "volumeId", "volume '" + volumeId
                        + "' does not exist in the block store of site " + site);
            }
        } catch (BlockStoreException e) {
            throw storeFailure(volumeId, e);
        }
    }

    private ProtectionException notProtected(String volumeId) {
        return new ProtectionException(Reason.NOT_FOUND, "volumeId", "volume '" + volumeId
                + "' is not protected at site " + site);
    }

    private ProtectionException storeFailure(String volumeId, BlockStoreException e) {
        if (e.isNotFound()) {
            return new ProtectionException(Reason.NOT_FOUND, "volumeId", e.getMessage(), e);
        }
        if (e.isConflict()) {
            return new ProtectionException(Reason.CONFLICT, null, e.getMessage(), e);
        }
        return new ProtectionException(Reason.STORE_UNAVAILABLE, null, "the block store of site " + site
                + " failed for volume '" + volumeId + "': " + e.getMessage(), e);
    }
}
