package io.datamover.blockstore.rest;

import io.datamover.blockstore.api.ApplyResult;
import io.datamover.blockstore.api.DeltaFormat;
import io.datamover.blockstore.storage.VolumeStore;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Applies a delta, streamed in {@link DeltaFormat}, to a frozen replica. */
@Path("/volumes/{id}/apply")
public class ApplyResource {

    private final VolumeStore store;

    public ApplyResource(VolumeStore store) {
        this.store = store;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public ApplyResult apply(@RestPath String id, @RestQuery String snapshot, @RestQuery String base,
            InputStream body) throws IOException {
        long number = Params.snapshot(snapshot);
        Long from = Params.optionalLong("base", base);
        InputStream delta = body == null ? InputStream.nullInputStream() : body;
        long applied = store.get(id).apply(from, number, DeltaFormat.reader(delta));
        return new ApplyResult(id, number, applied);
    }
}
