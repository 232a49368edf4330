package io.datamover.snapshot.rest;

import static io.datamover.service.rest.ErrorResponses.error;
import static io.datamover.service.rest.ErrorResponses.fieldPath;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.datamover.snapshot.domain.ProtectionException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error answers {@code {"error", "field"}}, the field naming what the caller got wrong. */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response protection(ProtectionException e) {
        return error(e.reason().status(), e.getMessage(), e.field());
    }

    /** Quarkus REST reports an unreadable body as a 400 caused by Jackson's exception. */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableBody(json);
        }
        return error(e.getResponse().getStatus(), e.getMessage(), null);
    }

    /** Takes precedence over Quarkus' own mapper, which names no field. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return unreadableBody(e);
    }

    @ServerExceptionMapper
    public Response unreadableBody(JsonProcessingException e) {
        String detail = e.getOriginalMessage().lines().findFirst().orElse("invalid value");
        String field = e instanceof JsonMappingException mapping ? fieldPath(mapping) : "";
        if (field.isEmpty()) {
            return error(400, "the body is not valid JSON: " + detail, null);
        }
        return error(400, "field '" + field + "' is invalid: " + detail, field);
    }
}
