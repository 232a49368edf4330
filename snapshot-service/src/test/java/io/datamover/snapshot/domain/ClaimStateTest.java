package io.datamover.snapshot.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClaimStateTest {

    private static final Workload WEB = new Workload(Workload.Kind.DEPLOYMENT, "web");
    private static final Workload DB = new Workload(Workload.Kind.STATEFUL_SET, "db");

    @Test
    void shouldReadBackWhatItWrote() {
        ClaimState frozen = ClaimState.of(null).frozen("final snapshot of switchover d-1", Set.of(WEB, DB))
                .steppedDown();

        ClaimState read = ClaimState.of(present(frozen.annotations()));

        assertThat(read).isEqualTo(frozen);
        assertThat(frozen.annotations()).containsEntry(ClaimState.QUIESCED_ANNOTATION,
                "Deployment/web,StatefulSet/db").containsEntry(ClaimState.ROLE_ANNOTATION, "replica");
    }

    @Test
    void shouldKeepTheFirstReasonAndAddTheWorkloadsOfALaterFreeze() {
        ClaimState first = ClaimState.of(null).frozen("fenced", Set.of(WEB));

        ClaimState again = first.frozen("final snapshot", Set.of(DB));

        assertThat(again.frozenReason()).contains("fenced");
        assertThat(again.quiesced()).containsExactlyInAnyOrder(WEB, DB);
    }

    @Test
    void shouldRemoveEveryAnnotationOnThawButTheRoleAndThePromotion() {
        ClaimState thawed = ClaimState.promoted(7).frozen("final snapshot", Set.of(WEB)).thawed();

        assertThat(thawed.annotations()).containsEntry(ClaimState.FROZEN_ANNOTATION, null)
                .containsEntry(ClaimState.QUIESCED_ANNOTATION, null)
                .containsEntry(ClaimState.PROMOTED_AT_ANNOTATION, "7");
        assertThat(thawed.promotedAt()).contains(7L);
    }

    @Test
    void shouldIgnoreWhatItCannotRead() {
        ClaimState read = ClaimState.of(Map.of(ClaimState.QUIESCED_ANNOTATION, "DaemonSet/x, Deployment/, web",
                ClaimState.PROMOTED_AT_ANNOTATION, "seven", ClaimState.ROLE_ANNOTATION, "primary",
                ClaimState.FROZEN_ANNOTATION, ""));

        assertThat(read).isEqualTo(new ClaimState(Optional.empty(), Set.of(), false, Optional.empty()));
    }

    private static Map<String, String> present(Map<String, String> annotations) {
        Map<String, String> set = new HashMap<>(annotations);
        set.values().removeIf(value -> value == null);
        return set;
    }
}
