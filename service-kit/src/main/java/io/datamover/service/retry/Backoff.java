package io.datamover.service.retry;

import java.time.Duration;

/**
 * How often the services try a call that fails for a reason that may pass (a store or broker that does not answer),
 * and how long they wait between the tries: {@code firstDelay}, doubled after each further failure.
 */
public record Backoff(int attempts, Duration firstDelay) {

    private static final int MAX_DOUBLINGS = 20;

    public Backoff {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
        }
        if (firstDelay.isNegative()) {
            throw new IllegalArgumentException("the first delay must not be negative, was " + firstDelay);
        }
    }

    /** Whether another try follows the failed try {@code attempt} (counted from 1). */
    public boolean triesAgainAfter(int attempt) {
        return attempt < attempts;
    }

    /** The wait after the failed try {@code attempt} (counted from 1). */
    public Duration waitAfter(int attempt) {
        return firstDelay.multipliedBy(1L << Math.min(attempt - 1, MAX_DOUBLINGS));
    }
}
