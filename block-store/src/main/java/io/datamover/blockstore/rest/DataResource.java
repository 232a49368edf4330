package io.datamover.blockstore.rest;

import io.datamover.blockstore.storage.VolumeStore;
import io.datamover.service.rest.BufferedBody;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** The live content of a volume. */
@Path("/volumes/{id}/data")
public class DataResource {

    private final VolumeStore store;

    public DataResource(VolumeStore store) {
        this.store = store;
    }

    /** The body is read whole before the write, which runs on a worker thread ({@link BufferedBody}). */
    @PUT
    public Uni<Void> write(@RestPath String id, @RestQuery String offset, byte[] body) {
        return BufferedBody.offload(() -> {
            store.get(id).write(Params.requiredLong("offset", offset),
                    ByteBuffer.wrap(body == null ? new byte[0] : body));
            return null;
        });
    }

    @GET
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public byte[] read(@RestPath String id, @RestQuery String offset, @RestQuery String length) throws IOException {
        return store.get(id).read(Params.requiredLong("offset", offset), Params.readLength(length));
    }
}
