package io.datamover.snapshot.config;

import io.datamover.service.config.HttpUrlConverter;

/** Reads {@code datamover.snapshot.hook-url}: an absolute http(s) URL with a host. */
public class HookUrlConverter extends HttpUrlConverter {

    public HookUrlConverter() {
        super("datamover.snapshot.hook-url");
    }
}
