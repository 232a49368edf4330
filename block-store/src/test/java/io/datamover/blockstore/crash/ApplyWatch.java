package io.datamover.blockstore.crash;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Trips when the workload's next apply has streamed a given share of its delta to the store, for the test to kill
 * the store at that moment of the apply, or when the workload stops without getting there; says when the apply
 * was acknowledged and how long it was expected to take.
 */
final class ApplyWatch {

    private final double share;
    private final CountDownLatch tripped = new CountDownLatch(1);
    private final CountDownLatch acknowledged = new CountDownLatch(1);
    private volatile ShippedDelta delta;
    private volatile long expectedNanos;
    private volatile boolean inParts;

    /** @param share of the delta's bytes streamed when it trips, in [0, 1]; 1 trips once all is streamed */
    ApplyWatch(double share) {
        this.share = share;
    }

    /** The delta's body, tripping the watch once {@code share} of it was read. */
    InputStream stream(ShippedDelta applied, long expected) {
        this.delta = applied;
        this.expectedNanos = expected;
        return new Tripwire(applied.stream(), (long) Math.ceil(share * applied.framed().length));
    }

    /**
     * For a delta sent in parts: called before each part with the framed bytes sent before it (and once with all of
     * them before the seal), tripping the watch once {@code share} of the delta was sent.
     */
    void sending(ShippedDelta applied, long expected, long sentBefore) {
        this.inParts = true;
        this.delta = applied;
        this.expectedNanos = expected;
        if (sentBefore >= (long) Math.ceil(share * applied.framed().length)) {
            tripped.countDown();
        }
    }

    void acknowledged() {
        acknowledged.countDown();
    }

    /** The workload stopped before the apply: nothing will trip the watch. */
    void abandon() {
        tripped.countDown();
    }

    void awaitTripped(long seconds) throws InterruptedException {
        if (!tripped.await(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("the workload did not apply a delta within " + seconds + " s");
        }
    }

    /** Waits at most {@code nanos} for the apply to be acknowledged. */
    void awaitAcknowledged(long nanos) throws InterruptedException {
        acknowledged.await(nanos, TimeUnit.NANOSECONDS);
    }

    /** How the delta went to the store: streamed in one request or sent in parts. */
    String how() {
        return inParts ? "sent in parts" : "streamed";
    }

    double share() {
        return share;
    }

    ShippedDelta delta() {
        return delta;
    }

    /** How long the apply should take, from the rate of the recent applies. */
    long expectedNanos() {
        return expectedNanos;
    }

    private final class Tripwire extends FilterInputStream {

        private final long tripAt;
        private long read;

        Tripwire(InputStream body, long tripAt) {
            super(body);
            this.tripAt = tripAt;
            count(0);
        }

        @Override
        public int read() throws IOException {
            int value = super.read();
            count(value < 0 ? -1 : 1);
            return value;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(n);
            return n;
        }

        private void count(int n) {
            read += Math.max(0, n);
            if (n < 0 || read >= tripAt) {
                tripped.countDown();
            }
        }
    }
}
