package io.datamover.cbt.domain;

import io.datamover.events.ChangeMethod;
import io.datamover.events.SnapshotTaken;

/**
 * What to ask the SnapshotMetadata service for: the delta from {@code baseSnapshot} to
 * {@code snapshot} by changed block tracking, or every allocated block of {@code snapshot} when
 * there is no base.
 */
public record ChangeQuery(String volumeId, long snapshot, Long baseSnapshot) {

    public static ChangeQuery of(SnapshotTaken event) {
        return new ChangeQuery(event.volumeId(), event.snapshot(), event.baseSnapshot());
    }

    public ChangeMethod method() {
        return baseSnapshot == null ? ChangeMethod.FULL : ChangeMethod.CBT;
    }

    /** The same snapshot copied in full, for when the base is gone. */
    public ChangeQuery full() {
        return new ChangeQuery(volumeId, snapshot, null);
    }
}
