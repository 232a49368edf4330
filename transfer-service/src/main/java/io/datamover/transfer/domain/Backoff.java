package io.datamover.transfer.domain;

import java.time.Duration;

/** Exponential backoff: the delay doubles after each failed attempt, up to a ceiling. */
public record Backoff(Duration initial, Duration max) {

    public Backoff {
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial backoff must be positive, was " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("maximum backoff " + max + " is below the initial " + initial);
        }
    }

    /** The delay before the next attempt, after {@code failedAttempts} (1 or more) have failed. */
    public Duration delayAfter(int failedAttempts) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("failed attempts must be 1 or more, was " + failedAttempts);
        }
        int doublings = Math.min(failedAttempts - 1, 30);
        long millis = initial.toMillis() << doublings;
        return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
    }
}
