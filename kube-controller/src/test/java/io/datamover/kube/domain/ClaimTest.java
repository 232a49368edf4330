package io.datamover.kube.domain;

import static io.datamover.kube.domain.Fixtures.claim;
import static io.datamover.kube.domain.Fixtures.labels;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClaimTest {

    @Test
    void shouldSelectTheClaimsOfTheApplicationInItsNamespaceByName() {
        PersistentVolumeClaim otherNamespace = new PersistentVolumeClaimBuilder(claim("data", "shop", "pvc-3"))
                .editMetadata().withNamespace("elsewhere").endMetadata().build();
        List<PersistentVolumeClaim> claims = List.of(claim("wal", "shop", "pvc-2"), claim("data", "shop", "pvc-1"),
                claim("cache", "blog", "pvc-4"), otherNamespace);

        List<Claim> selected = Claim.selected("shop", labels("app", "shop"), claims, Set.of("pvc-1", "pvc-2"));

        assertThat(selected).containsExactly(new Claim("shop", "data", "Bound", "pvc-1"),
                new Claim("shop", "wal", "Bound", "pvc-2"));
    }

    @Test
    void shouldTakeAClaimAsUnboundWhilePendingOrItsVolumeIsNotThere() {
        assertThat(Claim.of(claim("data", "shop", null), Set.of()).isBound()).isFalse();
        assertThat(Claim.of(claim("data", "shop", "pvc-1"), Set.of()).isBound()).isFalse();
        assertThat(Claim.of(claim("data", "shop", "pvc-1"), Set.of("pvc-1")).volumeId()).isEqualTo("pvc-1");
    }

    @Test
    void shouldLeaveOutAClaimBeingDeleted() {
        PersistentVolumeClaim deleting = new PersistentVolumeClaimBuilder(claim("data", "shop", "pvc-1"))
                .editMetadata().withDeletionTimestamp("2026-01-01T00:00:00Z").endMetadata().build();

        assertThat(Claim.selected("shop", labels("app", "shop"), List.of(deleting), Set.of("pvc-1"))).isEmpty();
    }

    @Test
    void shouldTellAVolumeNameThatIsNoVolumeId() {
        assertThat(Claim.of(claim("data", "shop", "pv.with.dots"), Set.of("pv.with.dots")).hasValidVolumeId())
                .isFalse();
    }
}
