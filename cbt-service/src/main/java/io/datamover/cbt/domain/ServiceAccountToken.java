package io.datamover.cbt.domain;

import java.time.Duration;
import java.time.Instant;

/** A service-account token issued for {@code audience}, valid until {@code expiresAt}. */
public record ServiceAccountToken(String audience, String token, Instant expiresAt) {

    /** Whether the token may still be sent at {@code now}: not within {@code renewBefore} of its expiry. */
    public boolean usableAt(Instant now, Duration renewBefore) {
        return now.isBefore(expiresAt.minus(renewBefore));
    }

    @Override
    public String toString() {
        return "token for audience " + audience + " expiring at " + expiresAt;
    }
}
