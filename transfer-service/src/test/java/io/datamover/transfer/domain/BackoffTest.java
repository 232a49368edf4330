package io.datamover.transfer.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));

    @Test
    void shouldDoubleTheDelayAfterEachFailure() {
        assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.delayAfter(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.delayAfter(4)).isEqualTo(Duration.ofMillis(800));
    }

    @Test
    void shouldNeverWaitLongerThanTheCeiling() {
        assertThat(backoff.delayAfter(5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.delayAfter(1000)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void shouldRejectACeilingBelowTheInitialDelay() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("below the initial");
    }
}
