package io.datamover.service.config;

import java.net.URI;
import java.net.URISyntaxException;
import org.eclipse.microprofile.config.spi.Converter;

/** Reads {@code datamover.store-url}: an absolute http(s) URL with a host. */
public class StoreUrlConverter implements Converter<String> {

    @Override
    public String convert(String value) {
        String url = value.trim();
        try {
            URI uri = new URI(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("'datamover.store-url' must be an http(s) URL with a host, was '"
                        + url + "'");
            }
            return url;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'datamover.store-url' is not a URL: '" + url + "': "
                    + e.getMessage(), e);
        }
    }
}
