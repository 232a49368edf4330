package io.datamover.snapshot.domain;

import java.time.Instant;

/** The newest snapshot of a volume and when it was taken. */
public record LastSnapshot(long snapshot, Instant takenAt) {
}
