package io.datamover.service.config;

import java.net.URI;
import java.net.URISyntaxException;
import org.eclipse.microprofile.config.spi.Converter;

/** Reads the base URL of another service under the key it was given: an absolute http(s) URL with a host. */
public abstract class HttpUrlConverter implements Converter<String> {

    private final String key;

    protected HttpUrlConverter(String key) {
        this.key = key;
    }

    @Override
    public String convert(String value) {
        String url = value.trim();
        try {
            URI uri = new URI(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("'" + key + "' must be an http(s) URL with a host, was '" + url
                        + "'");
            }
            return url;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + key + "' is not a URL: '" + url + "': " + e.getMessage(), e);
        }
    }
}
