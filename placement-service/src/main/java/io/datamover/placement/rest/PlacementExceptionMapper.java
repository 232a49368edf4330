package io.datamover.placement.rest;

import io.datamover.placement.domain.PlacementException;
import io.datamover.service.rest.ErrorResponses;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Answers a {@link PlacementException} with its reason's status and an {@link io.datamover.service.rest.ErrorBody}. */
@Provider
public class PlacementExceptionMapper implements ExceptionMapper<PlacementException> {

    @Override
    public Response toResponse(PlacementException e) {
        return ErrorResponses.error(e.reason().status(), e.getMessage(), e.field());
    }
}
