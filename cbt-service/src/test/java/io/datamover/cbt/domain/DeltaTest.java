package io.datamover.cbt.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datamover.events.ChangeMethod;
import org.junit.jupiter.api.Test;

class DeltaTest {

    @Test
    void shouldTakeTheMethodTheStoreNamesInItsResponseHeader() {
        assertThat(Delta.method("checksum")).isEqualTo(ChangeMethod.CHECKSUM);
        assertThat(Delta.method("cbt")).isEqualTo(ChangeMethod.CBT);
    }

    @Test
    void shouldReadAMissingHeaderAsChangedBlockTracking() {
        assertThat(Delta.method(null)).isEqualTo(ChangeMethod.CBT);
    }

    @Test
    void shouldRejectAnUnknownMethodNamingTheHeader() {
        assertThatThrownBy(() -> Delta.method("full"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x-datamover-change-method");
    }
}
