package io.datamover.transfer.peer;

import io.datamover.transfer.config.TransferConfig;
import io.datamover.transfer.domain.TransferException.Reason;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * With mutual TLS on, the plain HTTP port stays open for health checks and the local API, but refuses the peer
 * API: a peer reaches {@code /transfers} only over HTTPS, with a certificate the trust store vouches for.
 */
@ApplicationScoped
public class PlainHttpGuard {

    private static final Logger LOG = Logger.getLogger(PlainHttpGuard.class);
    private static final int FORBIDDEN = 403;
    private static final String REFUSAL = new JsonObject()
            .put("error", "the peer API is served over HTTPS only, with a client certificate (mutual TLS is on)")
            .putNull("field")
            .put("reason", Reason.INVALID_REQUEST.name())
            .encode();

    void guard(@Observes Router router, TransferConfig config) {
        if (config.transfer().tls().enabled()) {
            router.route("/transfers*").order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::refusePlain);
        }
    }

    private void refusePlain(RoutingContext context) {
        if (context.request().isSSL()) {
            context.next();
            return;
        }
        LOG.infof("refused %s %s from %s over plain HTTP: mutual TLS is on", context.request().method(),
                context.request().path(), context.request().remoteAddress());
        context.response().setStatusCode(FORBIDDEN).putHeader("Content-Type", "application/json").end(REFUSAL);
    }
}
