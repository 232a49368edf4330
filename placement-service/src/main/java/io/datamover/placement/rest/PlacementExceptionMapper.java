package io.datamover.placement.rest;

import io.datamover.placement.domain.PlacementException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Answers a {@link PlacementException} with its reason's status and an {@link ErrorBody}. */
@Provider
public class PlacementExceptionMapper implements ExceptionMapper<PlacementException> {

    @Override
    public Response toResponse(PlacementException e) {
        return Response.status(e.reason().status())
                .type(MediaType.APPLICATION_JSON)
                .entity(new ErrorBody(e.getMessage(), e.field()))
                .build();
    }
}
