package io.datamover.snapshot.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProtectionTest {

    @Test
    void shouldRejectAnIntervalBelowOneSecondNamingTheField() {
        assertThatThrownBy(() -> new Protection("db", 0, 5, List.of("oslo")))
                .isInstanceOfSatisfying(ProtectionException.class, e -> {
                    assertThat(e.field()).isEqualTo("intervalSeconds");
                    assertThat(e.reason()).isEqualTo(ProtectionException.Reason.INVALID);
                });
    }

    @Test
    void shouldRejectARetainBelowOne() {
        assertThatThrownBy(() -> new Protection("db", 10, 0, List.of("oslo")))
                .isInstanceOfSatisfying(ProtectionException.class, e -> assertThat(e.field()).isEqualTo("retain"));
    }

    @Test
    void shouldRejectMissingTargets() {
        assertThatThrownBy(() -> new Protection("db", 10, 5, List.of()))
                .isInstanceOfSatisfying(ProtectionException.class,
                        e -> assertThat(e.field()).isEqualTo("targetSites"));
    }

    @Test
    void shouldRejectATargetThatIsNotAnId() {
        assertThatThrownBy(() -> new Protection("db", 10, 5, List.of("../etc")))
                .isInstanceOfSatisfying(ProtectionException.class, e -> {
                    assertThat(e.field()).isEqualTo("targetSites");
                    assertThat(e.getMessage()).contains("../etc");
                });
    }

    @Test
    void shouldRejectAVolumeIdThatIsNotAnId() {
        assertThatThrownBy(() -> new Protection("Data/..", 10, 5, List.of("oslo")))
                .isInstanceOfSatisfying(ProtectionException.class,
                        e -> assertThat(e.field()).isEqualTo("volumeId"));
    }

    @Test
    void shouldRejectReplicatingToItsOwnSite() {
        Protection protection = new Protection("db", 10, 5, List.of("oslo", "stockholm"));

        assertThatThrownBy(() -> protection.requireRunsAt("stockholm"))
                .isInstanceOfSatisfying(ProtectionException.class, e -> {
                    assertThat(e.field()).isEqualTo("targetSites");
                    assertThat(e.getMessage()).contains("stockholm");
                });
    }

    @Test
    void shouldDropDuplicateTargetsKeepingTheirOrder() {
        assertThat(new Protection("db", 10, 5, List.of("oslo", "bergen", "oslo")).targetSites())
                .containsExactly("oslo", "bergen");
    }
}
