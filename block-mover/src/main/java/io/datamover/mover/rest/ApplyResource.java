package io.datamover.mover.rest;

import io.datamover.blockstore.api.ApplyResult;
import io.datamover.blockstore.api.DeltaFormat;
import io.datamover.blockstore.api.Verification;
import io.datamover.blockstore.api.VolumeInfo;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.mover.config.MoverConfig;
import io.datamover.mover.domain.DeltaPart;
import io.datamover.mover.domain.MoverException;
import io.datamover.mover.storage.ReplicaDevice;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.List;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The part of the block store's apply API the transfer-service uses to write one delta into a replica, for the one
 * delta this mover writes (replica mode): begin, parts, the read-back check of what the parts wrote, seal. The
 * replica's claim was prepared by the transfer-service (created empty, or restored from its consistent
 * VolumeSnapshot), so begin undoes nothing here.
 */
@Path("/volumes/{volumeId}")
@Produces(MediaType.APPLICATION_JSON)
public class ApplyResource {

    private final MoverConfig config;
    private final ReplicaDevice device;

    public ApplyResource(MoverConfig config, ReplicaDevice device) {
        this.config = config;
        this.device = device;
    }

    /** Starts the delta over: the read-back check covers the parts written from now on. A no-op once sealed. */
    @POST
    @Path("apply/{n}/begin")
    public VolumeInfo begin(@RestPath String volumeId, @RestPath String n, @RestQuery String base) {
        served(volumeId, n, base);
        device.begin();
        return view();
    }

    /** Writes the part's records at their offsets, all checked before the first is written, durably. */
    @POST
    @Path("apply/{n}/parts")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    public ApplyResult part(@RestPath String volumeId, @RestPath String n, @RestQuery String base, byte[] body)
            throws IOException {
        served(volumeId, n, base);
        List<DeltaFormat.Record> records = DeltaPart.records(body == null ? new byte[0] : body, config.volumeBytes());
        return new ApplyResult(volumeId, config.snapshot(), device.write(records));
    }

    /** Forces the device; parts after the seal change nothing. Repeating it is a no-op. */
    @POST
    @Path("apply/{n}/seal")
    public VolumeInfo seal(@RestPath String volumeId, @RestPath String n) throws IOException {
        Served.check(config, MoverConfig.Mode.REPLICA, volumeId, n);
        device.seal();
        return view();
    }

    /** Reads back the sectors written since begin against their sums; {@code changed=true} is required. */
    @GET
    @Path("verify")
    public Verification verify(@RestPath String volumeId, @RestQuery String changed) throws IOException {
        Served.volume(config, volumeId);
        Served.mode(config, MoverConfig.Mode.REPLICA);
        if (!"true".equals(changed)) {
            throw MoverException.invalid("changed", "a replica mover checks only what it wrote: changed must be"
                    + " true, was '" + changed + "'");
        }
        return device.verifyWritten();
    }

    private void served(String volumeId, String n, String base) {
        Served.check(config, MoverConfig.Mode.REPLICA, volumeId, n);
        Served.base(config, base);
    }

    /** The replica as this mover sees it: frozen until sealed, then consistent at the snapshot. */
    private VolumeInfo view() {
        boolean sealed = device.sealed();
        Long base = config.baseSnapshot().isPresent() ? config.baseSnapshot().getAsLong() : null;
        return new VolumeInfo(config.volumeId(), config.volumeBytes(), DeltaFormat.SECTOR_SIZE, VolumeRole.REPLICA,
                !sealed, sealed ? null : "applying snapshot " + config.snapshot(), null,
                sealed ? Long.valueOf(config.snapshot()) : base);
    }
}
