package io.datamover.blockstore.rest;

import static io.datamover.service.rest.ErrorResponses.error;
import static io.datamover.service.rest.ErrorResponses.fieldPath;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.datamover.blockstore.domain.StoreException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error as {@code {"error", "field"}} with the status of its reason. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);
    /** How {@code io.datamover.events.Fields} names the field a record's constructor refused. */
    private static final Pattern REFUSED_FIELD = Pattern.compile("^field '([^']+)'");

    @ServerExceptionMapper
    public Response storeException(StoreException e) {
        return error(e.reason().httpStatus(), e.getMessage(), e.field());
    }

    /** Quarkus REST reports an unreadable body as a 400 caused by Jackson's exception. */
    @ServerExceptionMapper
    public Response webApplicationException(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json);
        }
        return error(e.getResponse().getStatus(), e.getMessage(), null);
    }

    /** Takes precedence over Quarkus' own mapper, which answers with an empty body. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        return unreadableJson(e);
    }

    /**
     * A value that refused a field names it as {@code io.datamover.events.Fields} does, {@code field 'offset' ...}:
     * the answer names its whole path, {@code [0].offset} for the offset of the first extent of a list (where the
     * path Jackson knows ends at the record).
     */
    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        String field = e instanceof JsonMappingException mapping ? fieldPath(mapping) : null;
        Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
        String detail = cause == e ? e.getOriginalMessage().lines().findFirst().orElse("")
                : String.valueOf(cause.getMessage());
        Matcher refused = REFUSED_FIELD.matcher(detail);
        if (cause != e && refused.find()) {
            field = within(field, refused.group(1));
            detail = "field '" + field + "'" + detail.substring(refused.end());
        }
        if (field == null || field.isEmpty()) {
            return error(400, "unreadable JSON body: " + detail, "body");
        }
        return error(400, detail.contains("'" + field + "'") ? detail : "field '" + field + "': " + detail, field);
    }

    private static String within(String path, String field) {
        if (path == null || path.isEmpty()) {
            return field;
        }
        return path.equals(field) || path.endsWith("." + field) ? path : path + "." + field;
    }

    @ServerExceptionMapper
    public Response storageFailure(IOException e) {
        LOG.errorf(e, "storage failure");
        return error(500, "storage failure: " + e, null);
    }
}
