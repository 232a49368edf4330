package io.datamover.mover;

import java.util.Map;

/**
 * The file of random bytes standing in for a replica claim's block device, holding the replica's consistent snapshot,
 * and the mover configured to write the delta from {@link #BASE} to {@link SnapshotFileResource#SNAPSHOT} into it.
 */
public class ReplicaFileResource extends SnapshotFileResource {

    static final long BASE = SNAPSHOT - 1;

    @Override
    protected Map<String, String> mode() {
        return Map.of("datamover.mover.mode", "replica", "datamover.mover.base-snapshot", Long.toString(BASE));
    }
}
