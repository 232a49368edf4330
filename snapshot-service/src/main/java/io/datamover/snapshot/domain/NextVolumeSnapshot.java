package io.datamover.snapshot.domain;

import java.util.Comparator;
import java.util.List;

/**
 * Which VolumeSnapshot a cycle of the csi backend waits for. The newest of the volume's VolumeSnapshots that is not
 * being deleted and not readyToUse yet was created by an earlier cycle that did not see it become ready (it timed
 * out, or the service stopped): the cycle waits for that one again, and so fails at once with its error if it has
 * one. Otherwise the cycle creates the next number, one more than every number in use (one being deleted included,
 * so that no name is reused while its object still exists).
 *
 * @param snapshot the number of the snapshot to wait for
 * @param exists whether its VolumeSnapshot exists already
 */
public record NextVolumeSnapshot(long snapshot, boolean exists) {

    /** What the cycle knows of one of the volume's VolumeSnapshots. */
    public record Existing(long snapshot, boolean ready, boolean deleting) {
    }

    public static NextVolumeSnapshot of(List<Existing> existing) {
        Existing newest = existing.stream().max(Comparator.comparingLong(Existing::snapshot)).orElse(null);
        if (newest == null) {
            return new NextVolumeSnapshot(1, false);
        }
        if (!newest.ready() && !newest.deleting()) {
            return new NextVolumeSnapshot(newest.snapshot(), true);
        }
        return new NextVolumeSnapshot(newest.snapshot() + 1, false);
    }

    /**
     * As {@link #of(List)}, but numbered after {@code after} at least: a claim a move restored from snapshot
     * {@code after} goes on from there, whatever VolumeSnapshots of it exist.
     */
    public static NextVolumeSnapshot of(List<Existing> existing, long after) {
        NextVolumeSnapshot next = of(existing);
        return next.exists() || next.snapshot() > after ? next : new NextVolumeSnapshot(after + 1, false);
    }
}
