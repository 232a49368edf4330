package io.datamover.service.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(3, Duration.ofMillis(500));

    @Test
    void shouldDoubleTheWaitAfterEachFailedTry() {
        assertThat(backoff.waitAfter(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff.waitAfter(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.waitAfter(60)).isEqualTo(Duration.ofMillis(500L << 20));
    }

    @Test
    void shouldGiveUpAfterTheLastTry() {
        assertThat(backoff.triesAgainAfter(2)).isTrue();
        assertThat(backoff.triesAgainAfter(3)).isFalse();
    }

    @Test
    void shouldRefuseFewerThanOneTry() {
        assertThatThrownBy(() -> new Backoff(0, Duration.ZERO)).hasMessageContaining("attempts");
    }
}
