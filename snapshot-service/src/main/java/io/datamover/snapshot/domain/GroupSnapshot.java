package io.datamover.snapshot.domain;

import io.datamover.events.Consistency;
import io.datamover.events.SnapshotTaken;
import java.time.Instant;
import java.util.List;

/**
 * One snapshot of a volume group: a snapshot of each of its volumes, all of one point in time.
 *
 * @param consistency {@code application} when the pre hook quiesced the application, else {@code crash}
 */
public record GroupSnapshot(String groupId, Instant takenAt, Consistency consistency, List<Member> volumes) {

    public GroupSnapshot {
        volumes = List.copyOf(volumes);
    }

    /** A volume's snapshot in the group snapshot, and the base of its delta (null for a full copy). */
    public record Member(String volumeId, long snapshot, Long baseSnapshot) {
    }

    /** The group snapshot whose {@code snapshot-taken} events were published. */
    public static GroupSnapshot of(String groupId, Instant takenAt, Consistency consistency,
            List<SnapshotTaken> events) {
        return new GroupSnapshot(groupId, takenAt, consistency, events.stream()
                .map(e -> new Member(e.volumeId(), e.snapshot(), e.baseSnapshot()))
                .toList());
    }
}
