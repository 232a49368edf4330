package io.datamover.kube.config;

import io.datamover.events.Fields;
import org.eclipse.microprofile.config.spi.Converter;

/** Reads {@code datamover.namespace}: a namespace name (a DNS label). */
public class NamespaceConverter implements Converter<String> {

    @Override
    public String convert(String value) {
        return Fields.id("datamover.namespace", value == null ? null : value.trim());
    }
}
