package io.datamover.mover.rest;

import io.datamover.mover.config.MoverConfig;
import io.datamover.mover.domain.MoverException;
import io.datamover.mover.domain.MoverException.Reason;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every request of the REST API must send the configured token ({@code Authorization: Bearer <token>}), compared in
 * constant time; the health checks ({@code /q/health}) are not part of the API and ask for none.
 */
public class BearerTokenFilter {

    private static final String BEARER = "Bearer ";

    private final byte[] token;

    public BearerTokenFilter(MoverConfig config) {
        this.token = config.token().strip().getBytes(StandardCharsets.UTF_8);
    }

    @ServerRequestFilter(preMatching = true)
    public void authorize(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new MoverException(Reason.UNAUTHORIZED, HttpHeaders.AUTHORIZATION,
                    "a bearer token is required (Authorization: Bearer <token>)");
        }
        byte[] sent = header.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(sent, token)) {
            throw new MoverException(Reason.UNAUTHORIZED, HttpHeaders.AUTHORIZATION, "the bearer token is not this"
                    + " mover's");
        }
    }
}
