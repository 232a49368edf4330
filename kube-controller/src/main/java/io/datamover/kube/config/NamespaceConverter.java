package io.datamover.kube.config;

import io.datamover.events.Fields;
import org.eclipse.microprofile.config.spi.Converter;

/** Reads {@code datamover.namespace}: a namespace name (a DNS label). */
public class NamespaceConverter implements Converter<String> {

    private final String key;

    public NamespaceConverter() {
        this("datamover.namespace");
    }

    /** Reads the namespace of another key, which a bad value names. */
    protected NamespaceConverter(String key) {
        this.key = key;
    }

    @Override
    public String convert(String value) {
        return Fields.id(key, value == null ? null : value.trim());
    }
}
