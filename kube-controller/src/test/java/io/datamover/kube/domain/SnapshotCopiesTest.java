package io.datamover.kube.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.kube.domain.SnapshotCopies.Source;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

class SnapshotCopiesTest {

    private static final Source SOURCE = new Source("snap-0a1b", "ebs.csi.aws.com", new Quantity("10Gi"));
    private static final Map<String, String> LABELS = MovePlan.labels("webshop-1", "failover-webshop-1-7");

    @Test
    void shouldNameTheContentAfterNamespaceVolumeAndSnapshotTheSameEveryTimeAndApartForAnotherGroup() {
        String name = SnapshotCopies.contentName("webshop-1", "shop-dr", "pvc-1", 42).value();

        assertThat(name).matches("datamover-shop-dr-pvc-1\\.42-[0-9a-f]{8}");
        assertThat(SnapshotCopies.contentName("webshop-1", "shop-dr", "pvc-1", 42).value()).isEqualTo(name);
        assertThat(SnapshotCopies.contentName("webshop-2", "shop-dr", "pvc-1", 42).value()).isNotEqualTo(name);
    }

    @Test
    void shouldKeepTheLongestValidIdsWithinTheLimitOfAName() {
        String label = "a".repeat(63);

        assertThat(SnapshotCopies.contentName(label, label, label, Long.MAX_VALUE).value()).hasSizeLessThan(253);
    }

    @Test
    void shouldRefuseAVolumeIdThatMakesNoObjectNameNamingIt() {
        Checked<String> name = SnapshotCopies.contentName("webshop-1", "shop-dr", "PVC_1", 42);

        assertThat(name.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.reason()).isEqualTo("InvalidContentName");
            assertThat(problem.message()).contains("for volume PVC_1 is no DNS subdomain of at most 253 characters");
        });
    }

    @Test
    void shouldPreProvisionTheContentFromTheReplicasHandleRetainedBlockAndAllowedToChangeMode() {
        Map<String, Object> content = SnapshotCopies.content("datamover-shop-dr-pvc-1.42-0f0f0f0f", SOURCE, "shop-dr",
                "pvc-1.42", LABELS);

        assertThat(content).containsEntry("apiVersion", "snapshot.storage.k8s.io/v1")
                .containsEntry("kind", "VolumeSnapshotContent");
        assertThat(content.get("metadata")).isEqualTo(Map.of("name", "datamover-shop-dr-pvc-1.42-0f0f0f0f",
                "labels", Map.of(MovePlan.DECISION_LABEL, "failover-webshop-1-7", MovePlan.GROUP_LABEL, "webshop-1",
                        MovePlan.MANAGED_BY_LABEL, MovePlan.MANAGED_BY),
                "annotations", Map.of("snapshot.storage.kubernetes.io/allow-volume-mode-change", "true")));
        assertThat(content.get("spec")).isEqualTo(Map.of("deletionPolicy", "Retain", "driver", "ebs.csi.aws.com",
                "source", Map.of("snapshotHandle", "snap-0a1b"), "sourceVolumeMode", "Block",
                "volumeSnapshotRef", Map.of("apiVersion", "snapshot.storage.k8s.io/v1", "kind", "VolumeSnapshot",
                        "namespace", "shop-dr", "name", "pvc-1.42")));
    }

    @Test
    void shouldBindTheSnapshotToTheContentByName() {
        Map<String, Object> snapshot = SnapshotCopies.snapshot("pvc-1.42", "shop-dr",
                "datamover-shop-dr-pvc-1.42-0f0f0f0f", LABELS);

        assertThat(snapshot).containsEntry("kind", "VolumeSnapshot").containsEntry("spec",
                Map.of("source", Map.of("volumeSnapshotContentName", "datamover-shop-dr-pvc-1.42-0f0f0f0f")));
        assertThat(snapshot.get("metadata")).asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("name", "pvc-1.42").containsEntry("namespace", "shop-dr");
    }

    @Test
    void shouldHoldACopyWhileAClaimRestoringFromItIsNotBoundThoughItNamesItsVolume() {
        PersistentVolumeClaim pending = restoring("data", "Pending");
        pending.getSpec().setVolumeName("pvc-restored-1");

        assertThat(SnapshotCopies.isHeld("pvc-1.42", List.of(pending))).isTrue();
        assertThat(SnapshotCopies.isHeld("pvc-1.42", List.of(restoring("data", null)))).as("no status yet").isTrue();
        assertThat(SnapshotCopies.isHeld("pvc-1.42", List.of(restoring("data", "Bound"), restoring("clone",
                "Pending")))).as("every claim counts").isTrue();
    }

    @Test
    void shouldReleaseACopyOnceEveryClaimRestoringFromItIsBoundOrGone() {
        assertThat(SnapshotCopies.isHeld("pvc-1.42", List.of(restoring("data", "Bound")))).isFalse();
        assertThat(SnapshotCopies.isHeld("pvc-1.42", List.of())).as("deleted").isFalse();
        assertThat(SnapshotCopies.isHeld("pvc-2.7", List.of(restoring("data", "Pending")))).as("another copy's")
                .isFalse();
    }

    @Test
    void shouldCountAClaimNamingTheCopyInItsDataSourceRefOnlyInItsOwnNamespace() {
        PersistentVolumeClaim here = new PersistentVolumeClaimBuilder().withNewMetadata().withNamespace("shop-dr")
                .withName("clone").endMetadata().withNewSpec().withNewDataSourceRef()
                .withApiGroup("snapshot.storage.k8s.io").withKind("VolumeSnapshot").withName("pvc-1.42")
                .endDataSourceRef().endSpec().build();
        PersistentVolumeClaim elsewhere = new PersistentVolumeClaimBuilder(here).editSpec().editDataSourceRef()
                .withNamespace("other").endDataSourceRef().endSpec().build();
        PersistentVolumeClaim ofAClaim = new PersistentVolumeClaimBuilder().withNewMetadata().withNamespace("shop-dr")
                .withName("copy").endMetadata().withNewSpec().withNewDataSource().withKind("PersistentVolumeClaim")
                .withName("pvc-1.42").endDataSource().endSpec().build();

        assertThat(SnapshotCopies.isHeld("pvc-1.42", List.of(here))).isTrue();
        assertThat(SnapshotCopies.isHeld("pvc-1.42", List.of(elsewhere))).isFalse();
        assertThat(SnapshotCopies.isHeld("pvc-1.42", List.of(ofAClaim))).as("a clone of a claim").isFalse();
    }

    private static PersistentVolumeClaim restoring(String name, String phase) {
        PersistentVolumeClaimBuilder claim = new PersistentVolumeClaimBuilder().withNewMetadata()
                .withNamespace("shop-dr").withName(name).endMetadata().withNewSpec().withNewDataSource()
                .withApiGroup("snapshot.storage.k8s.io").withKind("VolumeSnapshot").withName("pvc-1.42")
                .endDataSource().endSpec();
        return phase == null ? claim.build() : claim.withNewStatus().withPhase(phase).endStatus().build();
    }
}
