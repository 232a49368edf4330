package io.datamover.blockstore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SnapshotRefTest {

    @Test
    void shouldNameASnapshotByVolumeAndNumber() {
        assertThat(SnapshotRef.name("pg-data", 12)).isEqualTo("pg-data.12");
    }

    @Test
    void shouldParseTheNameItWrites() {
        assertThat(SnapshotRef.parse("pg-data.12")).isEqualTo(new SnapshotRef("pg-data", 12));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg-data", "pg-data.", "pg-data.x1", "pg-data.-1", ".3", "", "pg-data.9999999999999999999"})
    void shouldRejectANameWithoutVolumeAndNumber(String name) {
        assertThatThrownBy(() -> SnapshotRef.parse(name)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"...1", "../etc.1", "A_B.1", "a/b.2"})
    void shouldRejectAnInvalidVolumeIdNamingTheField(String name) {
        assertThatThrownBy(() -> SnapshotRef.parse(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("volumeId");
    }

    @Test
    void shouldRejectSnapshotZero() {
        assertThatThrownBy(() -> SnapshotRef.parse("vol.0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 or more");
    }
}
