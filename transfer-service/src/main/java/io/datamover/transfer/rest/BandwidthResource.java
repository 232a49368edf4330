package io.datamover.transfer.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.datamover.events.Fields;
import io.datamover.transfer.domain.TransferException;
import io.datamover.transfer.domain.TransferException.Reason;
import io.datamover.transfer.sender.Bandwidth;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The bandwidth limit of each target site, changeable while transfers run. */
@Path("/bandwidth")
@Produces(MediaType.APPLICATION_JSON)
public class BandwidthResource {

    /** A site's limit; {@code bytesPerSecond} null when unlimited. */
    public record Limit(String site, Long bytesPerSecond) {
    }

    private final Bandwidth bandwidth;

    public BandwidthResource(Bandwidth bandwidth) {
        this.bandwidth = bandwidth;
    }

    @GET
    public List<Limit> all() {
        return bandwidth.limits().entrySet().stream().map(e -> limit(e.getKey(), e.getValue())).toList();
    }

    /** Body {@code {"bytesPerSecond": N}}; null or 0 lifts the limit. */
    @PUT
    @Path("/{site}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Limit set(@PathParam("site") String site, JsonNode body) {
        if (!Fields.isValidId(site)) {
            throw new TransferException(Reason.INVALID_REQUEST, "site", "site is not a valid id: '" + site + "'");
        }
        if (body == null || !body.isObject()) {
            throw new TransferException(Reason.INVALID_REQUEST, "body",
                    "the body must be a JSON object {\"bytesPerSecond\": N}");
        }
        JsonNode value = body.get("bytesPerSecond");
        long bytesPerSecond;
        if (value == null || value.isNull()) {
            bytesPerSecond = 0;
        } else if (value.isIntegralNumber() && value.canConvertToLong()) {
            bytesPerSecond = value.longValue();
        } else {
            throw new TransferException(Reason.INVALID_REQUEST, "bytesPerSecond",
                    "bytesPerSecond must be a whole number of bytes per second or null, was " + value);
        }
        bandwidth.setLimit(site, bytesPerSecond);
        return limit(site, bytesPerSecond);
    }

    private static Limit limit(String site, long bytesPerSecond) {
        return new Limit(site, bytesPerSecond == 0 ? null : bytesPerSecond);
    }
}
