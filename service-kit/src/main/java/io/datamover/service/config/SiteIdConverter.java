package io.datamover.service.config;

import io.datamover.events.Fields;
import org.eclipse.microprofile.config.spi.Converter;

/** Reads {@code datamover.site}, refusing anything but a DNS-1123 label, so that the service fails at start. */
public class SiteIdConverter implements Converter<String> {

    @Override
    public String convert(String value) {
        return Fields.id("datamover.site", value == null ? null : value.trim());
    }
}
