package io.datamover.blockstore.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datamover.blockstore.api.ApplyResult;
import io.datamover.blockstore.api.DeltaFormat;
import io.datamover.blockstore.domain.StoreException;
import io.datamover.blockstore.storage.VolumeStore;
import io.datamover.service.rest.ErrorBody;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import org.jboss.logging.Logger;

/**
 * {@code POST /volumes/{id}/apply/{n}/parts[?base=B]}: one part of a delta, in {@link DeltaFormat}, written durably
 * into a frozen replica (see {@code Volume.applyPart}); answers {@link ApplyResult}, errors as the REST resources
 * do ({@code {"error", "field"}} with the status of the reason).
 *
 * <p>A route of its own rather than a REST resource: Quarkus REST gathers a body of megabytes by copying each
 * network buffer into an array, joining the arrays into another and, for a {@code byte[]} parameter, copying that
 * once more, on the event loop. Here the buffers are copied once, into an array of the announced length, whose
 * records the store reads in place. A part is at most {@value #MAX_PART_BYTES} bytes (a chunk of 64 MiB of data
 * and its record headers).
 */
@ApplicationScoped
public class ApplyPartRoute {

    static final String PATH = "/volumes/:id/apply/:n/parts";
    static final int MAX_PART_BYTES = 72 * 1024 * 1024;
    private static final Logger LOG = Logger.getLogger(ApplyPartRoute.class);

    private final VolumeStore store;
    private final ObjectMapper json;

    public ApplyPartRoute(VolumeStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    void register(@Observes Router router) {
        router.post(PATH).order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::receive);
    }

    private void receive(RoutingContext context) {
        HttpServerRequest request = context.request();
        Body body;
        try {
            body = Body.announced(request.getHeader(HttpHeaders.CONTENT_LENGTH));
        } catch (StoreException e) {
            request.resume();
            answer(context, e.reason().httpStatus(), new ErrorBody(e.getMessage(), e.field()));
            return;
        }
        request.handler(body::add);
        request.exceptionHandler(e -> LOG.debugf("part of %s ended early: %s", request.path(), e));
        request.endHandler(ended -> Infrastructure.getDefaultWorkerPool().execute(() -> apply(context, body)));
        request.resume();
    }

    private void apply(RoutingContext context, Body body) {
        try {
            String id = context.pathParam("id");
            long number = Params.snapshot(context.pathParam("n"));
            Long base = Params.optionalLong("base", context.request().getParam("base"));
            long applied = store.get(id).applyPart(base, number, DeltaFormat.reader(body.bytes()));
            answer(context, 200, new ApplyResult(id, number, applied));
        } catch (StoreException e) {
            answer(context, e.reason().httpStatus(), new ErrorBody(e.getMessage(), e.field()));
        } catch (IOException e) {
            LOG.errorf(e, "storage failure");
            answer(context, 500, new ErrorBody("storage failure: " + e, null));
        } catch (RuntimeException e) {
            LOG.errorf(e, "applying a part of %s failed", context.request().path());
            answer(context, 500, new ErrorBody(e.toString(), null));
        }
    }

    private void answer(RoutingContext context, int status, Object entity) {
        try {
            context.response().setStatusCode(status)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(Buffer.buffer(json.writeValueAsBytes(entity)));
        } catch (JsonProcessingException e) {
            context.fail(e);
        }
    }

    /**
     * The body as it arrives: into an array of the announced length, or, without a {@code Content-Length}, into a
     * buffer that grows. Bytes beyond the length, or beyond {@value #MAX_PART_BYTES}, are counted, not kept.
     */
    static final class Body {

        private final byte[] announced;
        private Buffer unannounced;
        private long received;

        private Body(byte[] announced) {
            this.announced = announced;
            this.unannounced = announced == null ? Buffer.buffer() : null;
        }

        static Body announced(String contentLength) {
            if (contentLength == null) {
                return new Body(null);
            }
            long length = Params.requiredLong("Content-Length", contentLength);
            if (length < 0 || length > MAX_PART_BYTES) {
                throw StoreException.invalid("body", "a part must be at most " + MAX_PART_BYTES + " bytes, its"
                        + " Content-Length is " + length);
            }
            return new Body(new byte[(int) length]);
        }

        void add(Buffer buffer) {
            int length = buffer.length();
            if (announced != null && received + length <= announced.length) {
                buffer.getBytes(0, length, announced, (int) received);
            } else if (unannounced != null && received + length <= MAX_PART_BYTES) {
                unannounced.appendBuffer(buffer);
            }
            received += length;
        }

        byte[] bytes() {
            long expected = announced != null ? announced.length : Math.min(received, MAX_PART_BYTES);
            if (received != expected) {
                throw StoreException.invalid("body", "the part has " + received + " bytes, "
                        + (announced != null ? "its Content-Length says " + expected
                                : "more than the " + MAX_PART_BYTES + " a part may have"));
            }
            return announced != null ? announced : unannounced.getBytes();
        }
    }
}
