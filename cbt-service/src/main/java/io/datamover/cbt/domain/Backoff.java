package io.datamover.cbt.domain;

import java.time.Duration;

/** How often to try a failing call and how long to wait between tries: the wait doubles each time. */
public record Backoff(int attempts, Duration firstDelay) {

    public Backoff {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
        }
    }

    /** Whether another try may follow the failed {@code attempt} (counted from 1). */
    public boolean retriesAfter(int attempt) {
        return attempt < attempts;
    }

    /** The wait after the failed {@code attempt} (counted from 1). */
    public Duration delayAfter(int attempt) {
        return firstDelay.multipliedBy(1L << Math.min(attempt - 1, 20));
    }
}
