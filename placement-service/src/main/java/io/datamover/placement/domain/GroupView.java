package io.datamover.placement.domain;

import io.datamover.events.ReplicaState;
import io.datamover.events.ReplicaStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A volume group as placement sees it from its volumes' replica states. A volume outside any group is a group of its
 * own, named after the volume.
 *
 * @param primarySite the site all volumes of the group have as primary; absent when they disagree or none is known
 * @param replicaSites the sites holding a consistent replica of every volume of the group
 * @param latestSnapshotAt when the primary last took a snapshot of every volume (the oldest of the volumes' latest
 *     snapshots), absent before each has one
 * @param announcedPriority the priority the group's newest snapshot announced (the snapshot-service's group
 *     definition), absent for a volume on its own and before a snapshot announced one
 */
public record GroupView(String groupId, List<String> volumeIds, String primarySite, Set<String> replicaSites,
        Instant latestSnapshotAt, Integer announcedPriority) {

    public GroupView {
        volumeIds = List.copyOf(volumeIds);
        replicaSites = Set.copyOf(replicaSites);
    }

    /** The groups of {@code volumes}, in group id order. */
    public static List<GroupView> of(Collection<ReplicaState> volumes) {
        Map<String, List<ReplicaState>> byGroup = new TreeMap<>();
        for (ReplicaState volume : volumes) {
            String group = volume.groupId() != null ? volume.groupId() : volume.volumeId();
            byGroup.computeIfAbsent(group, g -> new ArrayList<>()).add(volume);
        }
        List<GroupView> groups = new ArrayList<>();
        byGroup.forEach((group, members) -> groups.add(group(group, members)));
        return groups;
    }

    private static GroupView group(String groupId, List<ReplicaState> members) {
        List<String> volumeIds = members.stream().map(ReplicaState::volumeId).sorted().toList();
        Set<String> primaries = new TreeSet<>();
        members.forEach(m -> primaries.add(Objects.requireNonNullElse(m.primarySite(), "")));
        String primary = primaries.size() == 1 && !primaries.contains("") ? primaries.iterator().next() : null;
        Set<String> replicaSites = null;
        for (ReplicaState member : members) {
            Set<String> consistent = new TreeSet<>();
            for (ReplicaStatus replica : member.replicas().values()) {
                if (replica.consistentSnapshot() != null) {
                    consistent.add(replica.site());
                }
            }
            if (replicaSites == null) {
                replicaSites = consistent;
            } else {
                replicaSites.retainAll(consistent);
            }
        }
        Instant latest = members.stream().map(ReplicaState::latestSnapshotAt)
                .reduce((a, b) -> a == null || b == null ? null : a.isBefore(b) ? a : b).orElse(null);
        return new GroupView(groupId, volumeIds, primary, replicaSites == null ? Set.of() : replicaSites, latest,
                announcedPriority(members));
    }

    /** This group as if only {@code sites} held a consistent replica of it. */
    public GroupView withReplicaSites(Set<String> sites) {
        return new GroupView(groupId, volumeIds, primarySite, sites, latestSnapshotAt, announcedPriority);
    }

    /** The priority the newest snapshot of a volume of the group announced: members may lag behind a change. */
    private static Integer announcedPriority(List<ReplicaState> members) {
        return members.stream().filter(m -> m.latestSnapshotAt() != null)
                .max(Comparator.comparing(ReplicaState::latestSnapshotAt))
                .map(ReplicaState::groupPriority).orElse(null);
    }
}
