package io.datamover.transfer.domain;

/**
 * The storage backend of this site's snapshots, which a changed set is read from when it is shipped, and of the
 * replicas it receives.
 */
public enum SourceStorage {
    /**
     * The site's embedded block store: chunks are read through its API, or sent zero-copy from its files where they
     * lie on this host; the snapshot is held in the store while it is shipped.
     */
    EMBEDDED,
    /**
     * VolumeSnapshots of a CSI driver: each snapshot is read through a mover pod that serves a block-mode claim
     * restored from its VolumeSnapshot, created for the changed set and deleted once it is shipped or given up. A
     * replica is a block-mode claim written through a mover pod per delta, with a VolumeSnapshot per applied
     * snapshot.
     */
    CSI
}
