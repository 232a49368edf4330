package io.datamover.transfer.domain;

import java.util.Optional;

/** The storage backend of this site's snapshots, which a changed set is read from when it is shipped. */
public enum SourceStorage {
    /** The site's embedded block store. */
    EMBEDDED,
    /** VolumeSnapshots of a CSI driver: reading them (a mover pod, a block-mode PVC restored from one) is not built. */
    CSI;

    /** Why the changed set cannot be shipped from this storage; empty when it can. */
    public Optional<String> cannotShip(ChangedSet set) {
        if (this == EMBEDDED) {
            return Optional.empty();
        }
        return Optional.of("the csi storage backend cannot read the data of " + set.describe() + " yet: reading a"
                + " snapshot through a mover pod is not built, so it is not shipped to " + set.targetSites());
    }
}
