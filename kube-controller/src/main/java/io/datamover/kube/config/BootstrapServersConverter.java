package io.datamover.kube.config;

import io.datamover.kube.domain.LocationTerms;
import org.eclipse.microprofile.config.spi.Converter;

/** Reads {@code kafka.bootstrap.servers}: a comma-separated list of {@code host:port}. */
public class BootstrapServersConverter implements Converter<String> {

    @Override
    public String convert(String value) {
        String servers = value == null ? null : value.trim();
        if (!LocationTerms.isBootstrapList(servers)) {
            throw new IllegalArgumentException("kafka.bootstrap.servers is not a comma-separated list of host:port: '"
                    + value + "'");
        }
        return servers;
    }
}
