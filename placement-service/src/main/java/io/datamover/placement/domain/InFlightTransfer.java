package io.datamover.placement.domain;

import io.datamover.events.ChunkShipped;
import io.datamover.events.TransferProgress;
import java.time.Duration;
import java.time.Instant;

/**
 * The chunks of one transfer to a replica seen so far: the first (by event time) and the furthest.
 * The rate runs from the first chunk reported to the latest, so the first chunk's own bytes do not
 * count: when its sending began is not known.
 *
 * @param bytesAtStart {@code bytesDone} of the first chunk reported
 * @param bytesDone the highest {@code bytesDone} reported: late or repeated chunks never lower it
 */
public record InFlightTransfer(
        long snapshot,
        long bytesAtStart,
        long bytesDone,
        long bytesTotal,
        Instant startedAt,
        Instant updatedAt) {

    /**
     * How often a transfer's progress is folded: a chunk reported within this time after the last one folded adds
     * too little to be worth a new replica state (each costs a store update, a state record and the coordinator's
     * copy of it, in placement's exactly-once transactions; a first copy reports a chunk every few milliseconds).
     */
    static final Duration PROGRESS_STEP = Duration.ofSeconds(1);

    static InFlightTransfer first(ChunkShipped event) {
        return new InFlightTransfer(event.snapshot(), event.bytesDone(), event.bytesDone(), event.bytesTotal(),
                event.timestamp(), event.timestamp());
    }

    /** This transfer after another of its chunks; {@code event} must be of the same snapshot. */
    InFlightTransfer with(ChunkShipped event) {
        boolean earlier = event.timestamp().isBefore(startedAt);
        return new InFlightTransfer(snapshot,
                earlier ? event.bytesDone() : bytesAtStart,
                Math.max(bytesDone, event.bytesDone()),
                Math.max(bytesTotal, event.bytesTotal()),
                earlier ? event.timestamp() : startedAt,
                event.timestamp().isAfter(updatedAt) ? event.timestamp() : updatedAt);
    }

    /**
     * Whether {@code event}, of the same snapshot, can be passed over: it came within {@link #PROGRESS_STEP} after
     * the latest chunk folded and does not complete the transfer. A chunk reported out of order (earlier than the
     * latest) is always folded: it may move the start of the rate.
     */
    boolean isCloseTo(ChunkShipped event) {
        return event.bytesDone() < event.bytesTotal()
                && !event.timestamp().isBefore(updatedAt)
                && event.timestamp().isBefore(updatedAt.plus(PROGRESS_STEP));
    }

    /** The published progress: the rate is unknown until two chunks at different times were reported. */
    TransferProgress progress() {
        long millis = Duration.between(startedAt, updatedAt).toMillis();
        Long bytesPerSecond = null;
        Long secondsToGo = null;
        if (millis > 0) {
            double rate = Math.max(0, bytesDone - bytesAtStart) * 1000.0 / millis;
            bytesPerSecond = Math.round(rate);
            if (rate > 0) {
                secondsToGo = (long) Math.ceil((bytesTotal - bytesDone) / rate);
            }
        }
        return new TransferProgress(snapshot, bytesDone, bytesTotal, bytesPerSecond, secondsToGo, startedAt,
                updatedAt);
    }
}
