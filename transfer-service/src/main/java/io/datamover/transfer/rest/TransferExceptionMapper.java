package io.datamover.transfer.rest;

import io.datamover.transfer.domain.TransferException;
import io.datamover.transfer.peer.ErrorResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Answers a failed request with the status of its reason and a body naming the problem. */
public class TransferExceptionMapper {

    private static final Logger LOG = Logger.getLogger(TransferExceptionMapper.class);

    @ServerExceptionMapper
    public Response map(TransferException e) {
        int status = e.reason().answerStatus();
        if (status >= 500) {
            LOG.errorf(e, "request failed (%s): %s", e.reason(), e.getMessage());
        } else {
            LOG.infof("request refused (%s): %s", e.reason(), e.getMessage());
        }
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(new ErrorResponse(e.getMessage(), e.field(), e.reason().name()))
                .build();
    }
}
