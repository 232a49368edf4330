package io.datamover.cbt.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(3, Duration.ofMillis(500));

    @Test
    void shouldDoubleTheWaitAfterEachFailedAttempt() {
        assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff.delayAfter(2)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void shouldGiveUpAfterTheLastAttempt() {
        assertThat(backoff.retriesAfter(2)).isTrue();
        assertThat(backoff.retriesAfter(3)).isFalse();
    }
}
