package io.datamover.blockstore.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/** The block store's configuration, under {@code datamover.*}. */
@ConfigMapping(prefix = "datamover")
public interface StoreConfig {

    /** This site's id, a DNS-1123 label such as {@code stockholm}. */
    String site();

    /** The directory that holds the volumes ({@code <data-dir>/volumes/<id>/}); created if missing. */
    Path dataDir();

    /** How many extents one SnapshotMetadata response carries when the request's max_results is 0. */
    @WithDefault("1024")
    int defaultMaxResults();
}
