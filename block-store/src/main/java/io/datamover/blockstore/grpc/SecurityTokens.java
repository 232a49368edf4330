package io.datamover.blockstore.grpc;

import io.datamover.blockstore.config.StoreConfig;
import io.grpc.Status;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * The check a CSI driver's snapshot-metadata sidecar makes of a call's {@code security_token}, reduced to a list of
 * accepted tokens: those of {@code datamover.snapshot-metadata.token-file}, one per line, read again on every call
 * so that a rotated token takes effect at once. Without that key every call is served. A refusal never repeats the
 * token it was given.
 */
@Singleton
public class SecurityTokens {

    static final String KEY = "datamover.snapshot-metadata.token-file";

    private final Optional<Path> file;
    private final String site;

    public SecurityTokens(StoreConfig config) {
        this.file = config.snapshotMetadata().tokenFile();
        this.site = config.site();
    }

    /**
     * The tokens of {@code file}.
     *
     * @throws IllegalArgumentException naming the key when the file cannot be read or holds no token
     */
    public static List<String> read(Path file) {
        List<String> tokens;
        try {
            tokens = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty())
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException(KEY + " cannot be read: " + file + " (" + e.getMessage() + ")", e);
        }
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException(KEY + " holds no token: " + file);
        }
        return tokens;
    }

    /**
     * Refuses the call with UNAUTHENTICATED unless {@code token} is accepted.
     *
     * @param call what was asked, for the message, e.g. {@code GetMetadataDelta of snapshot vol-1.2}
     */
    void check(String call, String token) {
        if (file.isEmpty()) {
            return;
        }
        if (token.isEmpty()) {
            throw refusal(call, "the request carries no security_token; this service requires a token for its"
                    + " audience");
        }
        List<String> accepted;
        try {
            accepted = read(file.get());
        } catch (IllegalArgumentException e) {
            throw Status.UNAVAILABLE.withDescription(call + " at site " + site + " cannot be authenticated: "
                    + e.getMessage()).asRuntimeException();
        }
        byte[] given = token.getBytes(StandardCharsets.UTF_8);
        boolean known = false;
        for (String candidate : accepted) {
            known |= MessageDigest.isEqual(candidate.getBytes(StandardCharsets.UTF_8), given);
        }
        if (!known) {
            throw refusal(call, "its security_token is not one this service accepts (wrong audience, expired or"
                    + " unknown)");
        }
    }

    private RuntimeException refusal(String call, String why) {
        return Status.UNAUTHENTICATED.withDescription(call + " refused at site " + site + ": " + why)
                .asRuntimeException();
    }
}
