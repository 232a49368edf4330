package io.datamover.transfer.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MoverNamesTest {

    @Test
    void shouldNameTheObjectsOfASnapshotSoThatNoOtherSnapshotSharesTheName() {
        assertThat(MoverNames.name("pvc-0a1b", 3)).isEqualTo("mover-pvc-0a1b-3");
        assertThat(MoverNames.name("pvc-0a1b-3", 4)).isNotEqualTo(MoverNames.name("pvc-0a1b", 34))
                .isNotEqualTo(MoverNames.name("pvc-0a1b-34", 4));
        String longest = MoverNames.name("v".repeat(63), Long.MAX_VALUE);
        assertThat(longest).as("a DNS-1123 subdomain, as object names are").hasSizeLessThanOrEqualTo(253)
                .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    }

    @Test
    void shouldReadTheVolumeSnapshotTheSnapshotServiceNames() {
        assertThat(MoverNames.volumeSnapshot("pvc-0a1b", 3)).isEqualTo("pvc-0a1b.3");
    }

    @Test
    void shouldLabelTheObjectsSoThatTheSitesLeftoversAreFound() {
        Map<String, String> labels = MoverNames.labels("stockholm", "pvc-0a1b", 3);

        assertThat(labels).containsExactlyInAnyOrderEntriesOf(Map.of(
                "app.kubernetes.io/managed-by", "datamover-transfer-service", "datamover.io/site", "stockholm",
                "datamover.io/volume", "pvc-0a1b", "datamover.io/snapshot", "3"));
        assertThat(labels).containsAllEntriesOf(MoverNames.selector("stockholm"));
        assertThat(MoverNames.labels("visby", "pvc-0a1b", 3)).doesNotContainEntry("datamover.io/site", "stockholm");
    }

    @Test
    void shouldNameTheReplicaClaimAsAValidObjectNameOfTheVolume() {
        assertThat(MoverNames.replicaClaim("pvc-0a1b")).isEqualTo("replica-pvc-0a1b");
        assertThat(MoverNames.replicaClaim("v".repeat(63))).hasSizeLessThanOrEqualTo(253)
                .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    }

    @Test
    void shouldLabelTheReplicaSoThatTheCleanupOfTheMoversNeverFindsIt() {
        Map<String, String> claim = MoverNames.replicaLabels("falkenberg", "pvc-0a1b");
        Map<String, String> snapshot = MoverNames.replicaSnapshotLabels("falkenberg", "pvc-0a1b", 4);

        assertThat(claim).containsEntry("datamover.io/replica-site", "falkenberg")
                .containsEntry("datamover.io/volume", "pvc-0a1b");
        assertThat(snapshot).containsAllEntriesOf(claim).containsEntry("datamover.io/snapshot", "4");
        assertThat(MoverNames.snapshotOf(snapshot)).isEqualTo(4);
        assertThat(MoverNames.snapshotOf(claim)).isEqualTo(-1);
        Map<String, String> cleanup = MoverNames.selector("falkenberg");
        assertThat(claim.entrySet().containsAll(cleanup.entrySet())).as("claim matched by the cleanup").isFalse();
        assertThat(snapshot.entrySet().containsAll(cleanup.entrySet())).as("snapshot matched by the cleanup")
                .isFalse();
    }
}
