package io.datamover.snapshot.domain;

import io.datamover.snapshot.domain.ProtectionException.Reason;
import java.util.Collection;

/** A volume is protected alone or in one group, never both, and belongs to one group at most. */
public final class Membership {

    private Membership() {
    }

    /** Checks that no volume of {@code group} is protected alone or belongs to another group. */
    public static void requireFree(Group group, Collection<Protection> protections, Collection<Group> groups) {
        for (String volumeId : group.volumeIds()) {
            if (protections.stream().anyMatch(p -> p.volumeId().equals(volumeId))) {
                throw new ProtectionException(Reason.CONFLICT, "volumeIds", "volume '" + volumeId + "' is protected"
                        + " on its own: remove that protection before adding it to group '" + group.groupId() + "'");
            }
            groups.stream()
                    .filter(other -> !other.groupId().equals(group.groupId()) && other.volumeIds().contains(volumeId))
                    .findFirst()
                    .ifPresent(other -> {
                        throw new ProtectionException(Reason.CONFLICT, "volumeIds", "volume '" + volumeId
                                + "' already belongs to group '" + other.groupId() + "'");
                    });
        }
    }

    /** Checks that {@code volumeId}, to be protected on its own, belongs to no group. */
    public static void requireUngrouped(String volumeId, Collection<Group> groups) {
        groups.stream()
                .filter(group -> group.volumeIds().contains(volumeId))
                .findFirst()
                .ifPresent(group -> {
                    throw new ProtectionException(Reason.CONFLICT, "volumeId", "volume '" + volumeId
                            + "' belongs to group '" + group.groupId() + "', whose schedule snapshots it");
                });
    }
}
