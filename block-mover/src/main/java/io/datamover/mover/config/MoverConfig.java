package io.datamover.mover.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The one snapshot a mover serves, or the one delta it writes into a replica, and who may call it: keys under
 * {@code datamover.mover.}.
 */
@ConfigMapping(prefix = "datamover.mover")
public interface MoverConfig {

    /** What the mover does with its device. */
    enum Mode {
        /** Serves the snapshot's extents, read-only: the source side of the csi backend. */
        SNAPSHOT,
        /** Writes one delta into a replica claim (begin, parts, read-back check, seal): the target side. */
        REPLICA
    }

    /** {@code snapshot} (read-only, the extents API) or {@code replica} (the apply API, read-write). */
    @WithDefault("snapshot")
    Mode mode();

    /**
     * The block device (a regular file in tests): a PVC restored from the snapshot, opened read-only; in replica
     * mode the replica's claim, opened read-write.
     */
    Path devicePath();

    /** The id of the volume the snapshot is of; a request for another volume is answered 404. */
    String volumeId();

    /**
     * The number of the snapshot served, or in replica mode the snapshot the delta brings the replica to; a request
     * for another snapshot is answered 404.
     */
    long snapshot();

    /**
     * Replica mode: the snapshot the delta applies on, absent for a full copy; a request that states another base is
     * answered 409.
     */
    OptionalLong baseSnapshot();

    /** The volume's size in bytes, a multiple of 4096: a block device's size is not in fstat, so it is given. */
    long volumeBytes();

    /**
     * The file holding the bearer token every request but the health checks must send ({@code Authorization: Bearer
     * <token>}): a Secret mounted read-only. Read on every request, so that it can be replaced while the mover runs.
     */
    Path tokenFile();
}
