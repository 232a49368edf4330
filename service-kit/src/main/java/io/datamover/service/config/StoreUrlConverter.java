package io.datamover.service.config;

/** Reads {@code datamover.store-url}: an absolute http(s) URL with a host. */
public class StoreUrlConverter extends HttpUrlConverter {

    public StoreUrlConverter() {
        super("datamover.store-url");
    }
}
