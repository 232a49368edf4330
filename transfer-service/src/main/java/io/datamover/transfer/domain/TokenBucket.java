package io.datamover.transfer.domain;

/**
 * A token bucket that hands out wire bytes at a rate: refilled continuously, holding at most
 * {@code burstBytes}. A caller takes the bytes it is about to send once the bucket holds them (or a
 * whole burst, for a larger request, which leaves the bucket in debt); until then it is told how long
 * to wait before asking again, so that a new rate also applies to callers already waiting. A rate of 0
 * means unlimited.
 */
public final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1e9;

    private final long burstBytes;
    private long bytesPerSecond;
    private double tokens;
    private long refilledAt;

    public TokenBucket(long bytesPerSecond, long burstBytes, long nowNanos) {
        if (burstBytes <= 0) {
            throw new IllegalArgumentException("burstBytes must be positive, was " + burstBytes);
        }
        this.burstBytes = burstBytes;
        this.bytesPerSecond = requireRate(bytesPerSecond);
        this.tokens = burstBytes;
        this.refilledAt = nowNanos;
    }

    /** @return bytes per second, 0 when unlimited */
    public synchronized long bytesPerSecond() {
        return bytesPerSecond;
    }

    /** Takes effect for every bytes not taken yet. */
    public synchronized void setBytesPerSecond(long bytesPerSecond, long nowNanos) {
        requireRate(bytesPerSecond);
        refill(nowNanos);
        this.bytesPerSecond = bytesPerSecond;
    }

    /**
     * @return 0 when {@code bytes} were taken and may be sent now, else how long to wait, in nanoseconds,
     *         before asking again
     */
    public synchronized long tryTake(long bytes, long nowNanos) {
        if (bytesPerSecond == 0) {
            return 0;
        }
        refill(nowNanos);
        double needed = Math.min(bytes, burstBytes);
        if (tokens >= needed) {
            tokens -= bytes;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((needed - tokens) * NANOS_PER_SECOND / bytesPerSecond));
    }

    private void refill(long nowNanos) {
        long elapsed = Math.max(0, nowNanos - refilledAt);
        refilledAt = nowNanos;
        if (bytesPerSecond == 0) {
            tokens = burstBytes;
        } else {
            tokens = Math.min(burstBytes, tokens + elapsed * (double) bytesPerSecond / NANOS_PER_SECOND);
        }
    }

    private static long requireRate(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("field 'bytesPerSecond' must not be negative, was " + bytesPerSecond);
        }
        return bytesPerSecond;
    }
}
