package io.datamover.cbt.grpc;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.NettyChannelBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** gRPC channels to a SnapshotMetadata service: plaintext HTTP/2, or TLS trusting given authorities. */
public final class Channels {

    private Channels() {
    }

    public static ManagedChannel plaintext(String host, int port) {
        return NettyChannelBuilder.forAddress(host, port, InsecureChannelCredentials.create()).build();
    }

    /**
     * A TLS channel that checks the server's certificate against {@code authorities} (PEM), or against the JVM's
     * default authorities when empty, and its host name against {@code host}.
     *
     * @throws IllegalArgumentException when {@code authorities} is not a PEM certificate bundle
     */
    public static ManagedChannel tls(String host, int port, Optional<byte[]> authorities) {
        ChannelCredentials credentials;
        if (authorities.isEmpty()) {
            credentials = TlsChannelCredentials.create();
        } else {
            try {
                credentials = TlsChannelCredentials.newBuilder()
                        .trustManager(new ByteArrayInputStream(authorities.get()))
                        .build();
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException("not a PEM certificate bundle: " + e.getMessage(), e);
            }
        }
        return NettyChannelBuilder.forAddress(host, port, credentials).build();
    }

    /** Shuts the channel down, waiting a little for its calls to end. */
    public static void close(ManagedChannel channel) {
        try {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
