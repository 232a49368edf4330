package io.datamover.kube.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithName;

/** The Kafka the sites share their events through, keys under {@code kafka.} as in the other services. */
@ConfigMapping(prefix = "kafka")
public interface KafkaConfig {

    /**
     * Bootstrap servers, {@code host:port,...}: the controller publishes its applications' exports there and follows
     * the exports and placement decisions to move applications.
     */
    @WithName("bootstrap.servers")
    @WithConverter(BootstrapServersConverter.class)
    String bootstrapServers();
}
