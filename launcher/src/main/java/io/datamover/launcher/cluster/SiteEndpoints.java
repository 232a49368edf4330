package io.datamover.launcher.cluster;

import java.net.URI;

/** Where the block store and the services of one site answer. */
public record SiteEndpoints(String site, URI store, URI snapshot, URI cbt, URI transfer, URI placement) {
}
