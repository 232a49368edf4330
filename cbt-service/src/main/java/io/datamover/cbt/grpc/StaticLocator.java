package io.datamover.cbt.grpc;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The embedded block store's SnapshotMetadata service, on the host and port of {@code datamover.store-url}:
 * plaintext for {@code http}, TLS for {@code https} (trusting {@code datamover.cbt.ca-file} if set). The token, if
 * {@code datamover.cbt.security-token-file} is set, is read from that file before each call, so that a rotated
 * (e.g. projected) token is used at once.
 */
public final class StaticLocator implements MetadataServiceLocator {

    private final ManagedChannel channel;
    private final Optional<Path> tokenFile;
    private final String description;

    public StaticLocator(URI storeUrl, Optional<Path> caFile, Optional<Path> tokenFile) {
        boolean tls = "https".equals(storeUrl.getScheme());
        int port = storeUrl.getPort() != -1 ? storeUrl.getPort() : tls ? 443 : 80;
        this.channel = tls ? Channels.tls(storeUrl.getHost(), port, caFile.map(StaticLocator::read))
                : Channels.plaintext(storeUrl.getHost(), port);
        this.tokenFile = tokenFile;
        this.description = "the SnapshotMetadata service of the block store at " + storeUrl;
    }

    /** The store serves the snapshots of every volume: {@code driver} is not needed. */
    @Override
    public MetadataEndpoint locate(Optional<String> driver) {
        String token = tokenFile.map(file -> {
            try {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw Status.UNAVAILABLE.withDescription("cannot read datamover.cbt.security-token-file " + file
                        + ": " + e.getMessage()).asRuntimeException();
            }
        }).orElse("");
        return new MetadataEndpoint(channel, token, description);
    }

    @Override
    public void close() {
        Channels.close(channel);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read datamover.cbt.ca-file " + file, e);
        }
    }
}
