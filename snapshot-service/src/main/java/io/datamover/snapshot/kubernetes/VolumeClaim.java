package io.datamover.snapshot.kubernetes;

import io.datamover.blockstore.api.VolumeInfo;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.snapshot.domain.ClaimState;
import java.util.Optional;

/** A volume's claim, and what this backend keeps in it. {@code bound}: it has a volume to snapshot. */
record VolumeClaim(String volumeId, String namespace, String name, long bytes, boolean bound, ClaimState state) {

    String describe(String site) {
        return "volume " + volumeId + " at site " + site + " (claim " + namespace + "/" + name + ")";
    }

    VolumeClaim with(ClaimState changed) {
        return new VolumeClaim(volumeId, namespace, name, bytes, bound, changed);
    }

    VolumeInfo info(int blockSize, Long latest) {
        Optional<String> frozen = state.frozenReason().or(() -> bound ? Optional.empty()
                : Optional.of("claim " + namespace + "/" + name + " is not bound to a volume yet"));
        return new VolumeInfo(volumeId, bytes, blockSize, state.replica() ? VolumeRole.REPLICA
                : VolumeRole.PRIMARY, frozen.isPresent(), frozen.orElse(null), latest, latest);
    }
}
