package io.datamover.mover.config;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;

/** The one snapshot a mover serves, and who may read it: keys under {@code datamover.mover.}. */
@ConfigMapping(prefix = "datamover.mover")
public interface MoverConfig {

    /** The block device (a regular file in tests) holding the snapshot: a PVC restored from it, read-only. */
    Path devicePath();

    /** The id of the volume the snapshot is of; a request for another volume is answered 404. */
    String volumeId();

    /** The number of the snapshot; a request for another snapshot is answered 404. */
    long snapshot();

    /** The volume's size in bytes, a multiple of 4096: a block device's size is not in fstat, so it is given. */
    long volumeBytes();

    /**
     * The file holding the bearer token every request but the health checks must send ({@code Authorization: Bearer
     * <token>}): a Secret mounted read-only. Read on every request, so that it can be replaced while the mover runs.
     */
    Path tokenFile();
}
