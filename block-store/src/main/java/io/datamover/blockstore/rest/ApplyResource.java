package io.datamover.blockstore.rest;

import io.datamover.blockstore.api.ApplyResult;
import io.datamover.blockstore.api.DeltaFormat;
import io.datamover.blockstore.api.VolumeInfo;
import io.datamover.blockstore.storage.Volume;
import io.datamover.blockstore.storage.VolumeStore;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Applies a delta, streamed in {@link DeltaFormat}, to a frozen replica: whole in one request, or in parts (begin,
 * any number of parts in any order and in parallel through {@link ApplyPartRoute}, seal).
 */
@Path("/volumes/{id}/apply")
@Produces(MediaType.APPLICATION_JSON)
public class ApplyResource {

    private final VolumeStore store;

    public ApplyResource(VolumeStore store) {
        this.store = store;
    }

    @POST
    public ApplyResult apply(@RestPath String id, @RestQuery String snapshot, @RestQuery String base,
            InputStream body) throws IOException {
        long number = Params.snapshot(snapshot);
        long applied = store.get(id).apply(Params.optionalLong("base", base), number, DeltaFormat.reader(orEmpty(body)));
        return new ApplyResult(id, number, applied);
    }

    @POST
    @Path("{n}/begin")
    public VolumeInfo begin(@RestPath String id, @RestPath String n, @RestQuery String base) throws IOException {
        Volume volume = store.get(id);
        volume.beginApply(Params.optionalLong("base", base), Params.snapshot(n));
        return Views.volume(volume.metadata());
    }

    @POST
    @Path("{n}/seal")
    public VolumeInfo seal(@RestPath String id, @RestPath String n, @RestQuery String thaw) throws IOException {
        Volume volume = store.get(id);
        volume.sealApply(Params.snapshot(n), Params.flag("thaw", thaw));
        return Views.volume(volume.metadata());
    }

    private static InputStream orEmpty(InputStream body) {
        return body == null ? InputStream.nullInputStream() : body;
    }
}
