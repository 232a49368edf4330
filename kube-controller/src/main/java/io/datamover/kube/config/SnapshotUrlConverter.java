package io.datamover.kube.config;

import io.datamover.service.config.HttpUrlConverter;

/** Reads {@code datamover.snapshot-url}: an absolute http(s) URL with a host. */
public class SnapshotUrlConverter extends HttpUrlConverter {

    public SnapshotUrlConverter() {
        super("datamover.snapshot-url");
    }
}
