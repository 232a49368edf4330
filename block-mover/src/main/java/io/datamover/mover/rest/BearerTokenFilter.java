package io.datamover.mover.rest;

import io.datamover.mover.config.MoverConfig;
import io.datamover.mover.domain.MoverException;
import io.datamover.mover.domain.MoverException.Reason;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every request of the REST API must send the token of the configured file ({@code Authorization: Bearer <token>}),
 * read for each request and compared in constant time; the health checks ({@code /q/health}) are not part of the API
 * and ask for none.
 */
public class BearerTokenFilter {

    private static final String BEARER = "Bearer ";

    private final Path tokenFile;

    public BearerTokenFilter(MoverConfig config) {
        this.tokenFile = config.tokenFile();
    }

    @ServerRequestFilter(preMatching = true)
    public void authorize(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new MoverException(Reason.UNAUTHORIZED, HttpHeaders.AUTHORIZATION,
                    "a bearer token is required (Authorization: Bearer <token>)");
        }
        byte[] sent = header.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(sent, token())) {
            throw new MoverException(Reason.UNAUTHORIZED, HttpHeaders.AUTHORIZATION, "the bearer token is not this"
                    + " mover's");
        }
    }

    /** An unreadable file denies every request: there is nothing to compare with. */
    private byte[] token() {
        try {
            return Files.readString(tokenFile).strip().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MoverException(Reason.UNAUTHORIZED, HttpHeaders.AUTHORIZATION, "the mover cannot read its"
                    + " token file " + tokenFile + ": " + e.getMessage());
        }
    }
}
