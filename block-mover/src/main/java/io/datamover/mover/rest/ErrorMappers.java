package io.datamover.mover.rest;

import static io.datamover.service.rest.ErrorResponses.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.datamover.mover.domain.MoverException;
import io.datamover.service.rest.ErrorResponses;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error as {@code {"error", "field"}} with the status of its reason. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response refused(MoverException e) {
        Response response = error(e.reason().httpStatus(), e.getMessage(), e.field());
        if (e.reason() == MoverException.Reason.UNAUTHORIZED) {
            return Response.fromResponse(response).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
        }
        return response;
    }

    /** An unreadable body names the field Jackson could not read, e.g. {@code [0].offset}. */
    @ServerExceptionMapper
    public Response unreadable(WebApplicationException e) {
        return ErrorResponses.webApplication(e);
    }

    /** Takes precedence over Quarkus' own mapper, which answers with an empty body. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        return unreadableJson(e);
    }

    /** As the block store answers it: the field at fault by its whole path, {@code [0].offset}. */
    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        return ErrorResponses.unreadableJson(e);
    }

    @ServerExceptionMapper
    public Response deviceFailure(IOException e) {
        LOG.errorf(e, "the device failed");
        return error(500, "the mover's device failed: " + e, null);
    }
}
