package io.datamover.blockstore.rest;

import io.datamover.blockstore.api.ChangeSummary;
import io.datamover.blockstore.api.CloneVolume;
import io.datamover.blockstore.api.DeltaFormat;
import io.datamover.blockstore.api.Digest;
import io.datamover.blockstore.api.ExtentLocations;
import io.datamover.blockstore.api.SnapshotInfo;
import io.datamover.blockstore.api.Verification;
import io.datamover.blockstore.api.VolumeInfo;
import io.datamover.blockstore.domain.ChangeSet;
import io.datamover.blockstore.domain.StoreException;
import io.datamover.blockstore.domain.VolumeMetadata;
import io.datamover.blockstore.storage.Volume;
import io.datamover.blockstore.storage.VolumeStore;
import io.datamover.events.Extent;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/volumes/{id}/snapshots")
@Produces(MediaType.APPLICATION_JSON)
public class SnapshotResource {

    private final VolumeStore store;

    public SnapshotResource(VolumeStore store) {
        this.store = store;
    }

    @POST
    public RestResponse<SnapshotInfo> create(@RestPath String id) throws IOException {
        Volume volume = store.get(id);
        VolumeMetadata.Snapshot snapshot = volume.snapshot();
        return RestResponse.status(RestResponse.Status.CREATED, Views.snapshot(volume, snapshot));
    }

    @GET
    public List<SnapshotInfo> list(@RestPath String id) {
        Volume volume = store.get(id);
        return volume.metadata().snapshots().stream().map(s -> Views.snapshot(volume, s)).toList();
    }

    @DELETE
    @Path("{n}")
    public void delete(@RestPath String id, @RestPath String n) throws IOException {
        store.get(id).deleteSnapshot(Params.snapshot(n));
    }

    @POST
    @Path("{n}/clones")
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<VolumeInfo> clone(@RestPath String id, @RestPath String n, CloneVolume request)
            throws IOException {
        if (request == null) {
            throw StoreException.invalid("body", "a JSON body {\"id\"} naming the new volume is required");
        }
        Volume clone = store.clone(id, Params.snapshot(n), request.id());
        return RestResponse.status(RestResponse.Status.CREATED, Views.volume(clone.metadata()));
    }

    @POST
    @Path("{n}/holds/{holder}")
    public void hold(@RestPath String id, @RestPath String n, @RestPath String holder) throws IOException {
        store.get(id).hold(Params.snapshot(n), holder);
    }

    @DELETE
    @Path("{n}/holds/{holder}")
    public void release(@RestPath String id, @RestPath String n, @RestPath String holder) throws IOException {
        store.get(id).release(Params.snapshot(n), holder);
    }

    @GET
    @Path("{n}/data")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public byte[] read(@RestPath String id, @RestPath String n, @RestQuery String offset, @RestQuery String length)
            throws IOException {
        return store.get(id).readSnapshot(Params.snapshot(n), Params.requiredLong("offset", offset),
                Params.readLength(length));
    }

    /**
     * The given extents of snapshot n framed as a delta ({@link DeltaFormat}), in the order given: one request for a
     * transfer's whole chunk. At most {@value Params#MAX_READ} data bytes.
     */
    @POST
    @Path("{n}/extents")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public byte[] readExtents(@RestPath String id, @RestPath String n, List<Extent> extents) throws IOException {
        long snapshot = Params.snapshot(n);
        long total = totalBytes(extents);
        Volume volume = store.get(id);
        ByteArrayOutputStream framed = new ByteArrayOutputStream(
                Math.toIntExact(total + (long) extents.size() * DeltaFormat.HEADER_LENGTH));
        DeltaFormat.Writer writer = DeltaFormat.writer(framed);
        for (Extent extent : extents) {
            writer.write(extent.offset(), volume.readSnapshot(snapshot, extent.offset(), (int) extent.length()));
        }
        writer.flush();
        return framed.toByteArray();
    }

    /**
     * Where the bytes of the given extents of snapshot n lie in the store's files, with their CRC32C per sector
     * ({@link ExtentLocations}), for a caller on this host that sends them zero-copy. The extents are checked as
     * {@link #readExtents} checks them, and must cover whole sectors; at most {@value Params#MAX_READ} bytes.
     */
    @POST
    @Path("{n}/locate")
    @Consumes(MediaType.APPLICATION_JSON)
    public ExtentLocations locate(@RestPath String id, @RestPath String n, List<Extent> extents) throws IOException {
        long snapshot = Params.snapshot(n);
        totalBytes(extents);
        return store.get(id).locate(snapshot, extents);
    }

    /**
     * How much changed from snapshot {@code base} to snapshot n: the blocks {@code GetMetadataDelta} lists, counted
     * (compared by content where an unclean stop distrusted an epoch in between).
     */
    @GET
    @Path("{n}/changes")
    public ChangeSummary changes(@RestPath String id, @RestPath String n, @RestQuery String base) throws IOException {
        long snapshot = Params.snapshot(n);
        long from = Params.requiredLong("base", base);
        if (from < 1 || from >= snapshot) {
            throw StoreException.invalid("base", "base must be a snapshot before " + snapshot + ", was " + from);
        }
        Volume volume = store.get(id);
        ChangeSet changed = volume.delta(from, snapshot);
        long blocks = changed.blocks().getLongCardinality();
        return new ChangeSummary(id, from, snapshot, blocks, blocks * volume.geometry().blockSize(),
                changed.method().code());
    }

    /** The data bytes of a request's extents, checked against what one request may read. */
    private static long totalBytes(List<Extent> extents) {
        if (extents == null || extents.contains(null)) {
            throw StoreException.invalid("body", "the body must be a JSON array of {\"offset\", \"length\"}");
        }
        long total = extents.stream().mapToLong(Extent::length).sum();
        if (total > Params.MAX_READ) {
            throw StoreException.invalid("body", "the extents hold " + total + " bytes, more than the "
                    + Params.MAX_READ + " one request may read");
        }
        return total;
    }

    @GET
    @Path("{n}/verify")
    public Verification verify(@RestPath String id, @RestPath String n) throws IOException {
        return store.get(id).verify(Params.snapshot(n));
    }

    @GET
    @Path("{n}/digest")
    public Digest digest(@RestPath String id, @RestPath String n) throws IOException {
        long snapshot = Params.snapshot(n);
        return new Digest(id, snapshot, Digest.SHA256, store.get(id).digest(snapshot));
    }
}
