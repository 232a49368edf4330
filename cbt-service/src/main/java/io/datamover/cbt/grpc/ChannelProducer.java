package io.datamover.cbt.grpc;

import io.datamover.cbt.config.CbtConfig;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * The channel to the block store's SnapshotMetadata service, which listens on the store's HTTP
 * host and port ({@code datamover.store-url}): plaintext HTTP/2 for {@code http}, TLS for {@code https}.
 */
public class ChannelProducer {

    @Produces
    @Singleton
    ManagedChannel channel(CbtConfig config) {
        URI url = URI.create(config.storeUrl());
        boolean tls = "https".equals(url.getScheme());
        int port = url.getPort() != -1 ? url.getPort() : tls ? 443 : 80;
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(url.getHost(), port);
        return (tls ? builder.useTransportSecurity() : builder.usePlaintext()).build();
    }

    void close(@Disposes ManagedChannel channel) throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
