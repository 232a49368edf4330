package io.datamover.snapshot.domain;

/** How a volume stands in this site's block store, as far as its schedule is concerned. */
public enum VolumeStatus {
    /** A writable primary: its schedule runs. */
    PRIMARY,
    /** A primary frozen by a switchover: no snapshot until it is thawed or demoted. */
    FROZEN,
    /** A replica of another site's primary: snapshots are taken there. */
    REPLICA,
    /** Not in the store (yet): a definition made ahead of a switchover. */
    MISSING;

    /** Whether the schedule may snapshot the volume now. */
    public boolean isSchedulable() {
        return this == PRIMARY;
    }

    /** Whether this site is the volume's primary, frozen or not. */
    public boolean isPrimary() {
        return this == PRIMARY || this == FROZEN;
    }
}
