package io.datamover.service.rest;

import com.fasterxml.jackson.databind.JsonMappingException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.stream.Collectors;

/** Builds error answers as {@link ErrorBody}, for the exception mappers of each service. */
public final class ErrorResponses {

    private ErrorResponses() {
    }

    public static Response error(int status, String message, String field) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorBody(message, field))
                .build();
    }

    /** The JSON path of the field Jackson could not read, such as {@code targets.[1]}; empty for the body itself. */
    public static String fieldPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
