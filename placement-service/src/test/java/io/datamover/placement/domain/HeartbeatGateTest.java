package io.datamover.placement.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HeartbeatGateTest {

    private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");
    private final HeartbeatGate gate = new HeartbeatGate(Duration.ofSeconds(2));

    @Test
    void shouldPassTheFirstHeartbeatOfASiteThenOnePerGate() {
        assertThat(gate.passes("stockholm", T0)).isTrue();
        assertThat(gate.passes("stockholm", T0.plusMillis(500))).as("another service, half a second later").isFalse();
        assertThat(gate.passes("stockholm", T0.plusMillis(1999))).isFalse();
        assertThat(gate.passes("stockholm", T0.plusSeconds(2))).isTrue();
        assertThat(gate.passes("stockholm", T0.plusMillis(3000))).as("a second after the last passed").isFalse();
    }

    @Test
    void shouldGateEachSiteOnItsOwn() {
        assertThat(gate.passes("stockholm", T0)).isTrue();

        assertThat(gate.passes("falkenberg", T0.plusMillis(100))).isTrue();
        assertThat(gate.passes("stockholm", T0.plusMillis(100))).isFalse();
    }

    @Test
    void shouldDropAHeartbeatDatedBeforeTheLastPassed() {
        gate.passes("stockholm", T0.plusSeconds(10));

        assertThat(gate.passes("stockholm", T0)).as("a service whose clock is behind").isFalse();
    }

    @Test
    void shouldRefuseANegativeGate() {
        assertThatThrownBy(() -> new HeartbeatGate(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    }
}
