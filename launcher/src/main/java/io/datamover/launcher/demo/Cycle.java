package io.datamover.launcher.demo;

import java.time.Duration;
import java.time.Instant;

/**
 * One replication cycle of a volume as the events tell it: snapshot taken, changed set found,
 * chunks shipped, replica applied at the target.
 */
final class Cycle {

    private final long snapshot;
    private Instant takenAt;
    private Long baseSnapshot;
    private String method;
    private long changedBytes = -1;
    private long bytesDone;
    private long bytesTotal;
    private long shippedBytes = -1;
    private Instant appliedAt;

    Cycle(long snapshot) {
        this.snapshot = snapshot;
    }

    long snapshot() {
        return snapshot;
    }

    synchronized void taken(Instant at, Long base) {
        this.takenAt = at;
        this.baseSnapshot = base;
    }

    synchronized void changed(String changeMethod, long bytes) {
        this.method = changeMethod;
        this.changedBytes = bytes;
    }

    synchronized void progress(long done, long total) {
        this.bytesDone = Math.max(bytesDone, done);
        this.bytesTotal = total;
    }

    synchronized void applied(Instant at, Instant snapshotTakenAt, long shipped) {
        this.appliedAt = at;
        this.shippedBytes = shipped;
        if (takenAt == null) {
            takenAt = snapshotTakenAt;
        }
    }

    synchronized boolean isApplied() {
        return appliedAt != null;
    }

    synchronized boolean isFull() {
        return "full".equals(method) || (method == null && baseSnapshot == null);
    }

    synchronized String method() {
        return method;
    }

    synchronized long changedBytes() {
        return changedBytes;
    }

    synchronized long shippedBytes() {
        return shippedBytes;
    }

    synchronized long bytesDone() {
        return bytesDone;
    }

    synchronized long bytesTotal() {
        return bytesTotal;
    }

    /** From the snapshot being taken at the source to the replica being consistent at the target. */
    synchronized long cycleMillis() {
        return Duration.between(takenAt, appliedAt).toMillis();
    }
}
