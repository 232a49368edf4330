package io.datamover.blockstore.rest;

import static io.datamover.service.rest.ErrorResponses.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.datamover.blockstore.domain.StoreException;
import io.datamover.service.rest.ErrorResponses;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error as {@code {"error", "field"}} with the status of its reason. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response storeException(StoreException e) {
        return error(e.reason().httpStatus(), e.getMessage(), e.field());
    }

    /** Quarkus REST reports an unreadable body as a 400 caused by Jackson's exception. */
    @ServerExceptionMapper
    public Response webApplicationException(WebApplicationException e) {
        return ErrorResponses.webApplication(e);
    }

    /** Takes precedence over Quarkus' own mapper, which answers with an empty body. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        return unreadableJson(e);
    }

    /** {@link io.datamover.service.rest.ErrorResponses#unreadableJson}: the field at fault, by its whole path. */
    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        return ErrorResponses.unreadableJson(e);
    }

    @ServerExceptionMapper
    public Response storageFailure(IOException e) {
        LOG.errorf(e, "storage failure");
        return error(500, "storage failure: " + e, null);
    }
}
