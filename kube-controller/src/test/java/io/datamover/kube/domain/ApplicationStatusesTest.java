package io.datamover.kube.domain;

import static io.datamover.kube.domain.Fixtures.LOCATIONS;
import static io.datamover.kube.domain.Fixtures.SCHEDULES;
import static io.datamover.kube.domain.Fixtures.application;
import static io.datamover.kube.domain.Fixtures.labels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.datamover.kube.crd.Hooks;
import io.datamover.kube.crd.ProtectedApplicationSpec;
import io.datamover.kube.crd.ProtectedApplicationStatus;
import io.datamover.kube.crd.VolumeStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApplicationStatusesTest {

    private static final Checked<ApplicationTerms> VALID = ApplicationTerms.check(
            application(labels("app", "shop"), "every-minute", "falkenberg", "oslo"), SCHEDULES, LOCATIONS);
    private static final Claim DATA = new Claim("shop", "data", "Bound", "pvc-1");
    private static final Claim WAL = new Claim("shop", "wal", "Bound", "pvc-2");
    private static final Instant TAKEN = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void shouldBeProtectedAndReplicatedWhenEveryVolumeIsConsistentEverywhere() {
        ProtectedApplicationStatus status = ApplicationStatuses.of("shop-1", VALID, List.of(DATA, WAL), List.of(),
                Registration.registered("group shop-1 registered"), Map.of(
                        "pvc-1", new VolumeProgress("pvc-1", 4L, TAKEN, Map.of("falkenberg", 4L, "oslo", 3L)),
                        "pvc-2", new VolumeProgress("pvc-2", 4L, TAKEN, Map.of("falkenberg", 4L, "oslo", 4L))));

        assertThat(status.getGroupId()).isEqualTo("shop-1");
        assertThat(status.getConditions()).extracting(Condition::getType, Condition::getStatus).containsExactly(
                tuple("Valid", "True"),
                tuple("VolumesBound", "True"),
                tuple("HooksReady", "True"),
                tuple("Protected", "True"),
                tuple("Replicated", "True"));
        VolumeStatus data = status.getVolumes().get(0);
        assertThat(data.getPvc()).isEqualTo("data");
        assertThat(data.getVolumeId()).isEqualTo("pvc-1");
        assertThat(data.getLastSnapshot()).isEqualTo(4L);
        assertThat(data.getLastSnapshotTime()).isEqualTo(TAKEN.toString());
        assertThat(data.getConsistentSnapshots()).isEqualTo(Map.of("falkenberg", 4L, "oslo", 3L));
    }

    @Test
    void shouldNameTheReplicasStillMissing() {
        ProtectedApplicationStatus status = ApplicationStatuses.of("shop-1", VALID, List.of(DATA), List.of(),
                Registration.registered("ok"), Map.of("pvc-1", new VolumeProgress("pvc-1", 1L, TAKEN,
                        Map.of("falkenberg", 1L))));

        Condition replicated = Conditions.find(status.getConditions(), "Replicated");
        assertThat(replicated.getStatus()).isEqualTo("False");
        assertThat(replicated.getReason()).isEqualTo("ReplicaPending");
        assertThat(replicated.getMessage()).contains("data at oslo").doesNotContain("falkenberg");
    }

    @Test
    void shouldNameAnUnboundClaim() {
        ProtectedApplicationStatus status = ApplicationStatuses.of("shop-1", VALID,
                List.of(DATA, new Claim("shop", "logs", "Pending", null)), List.of(), Registration.registered("ok"),
                Map.of());

        Condition bound = Conditions.find(status.getConditions(), "VolumesBound");
        assertThat(bound.getStatus()).isEqualTo("False");
        assertThat(bound.getReason()).isEqualTo("ClaimsUnbound");
        assertThat(bound.getMessage()).contains("[logs]");
        assertThat(status.getVolumes()).extracting(VolumeStatus::getPvc, VolumeStatus::getPhase).contains(
                tuple("logs", "Pending"));
    }

    @Test
    void shouldSayWhyAnInvalidApplicationIsNotProtected() {
        Checked<ApplicationTerms> invalid = ApplicationTerms.check(application(new LabelSelector(), "every-minute",
                "mars"), SCHEDULES, LOCATIONS);

        ProtectedApplicationStatus status = ApplicationStatuses.of("shop-1", invalid, List.of(), List.of(),
                Registration.notRegistered("SpecInvalid", "not protected"), Map.of());

        Condition valid = Conditions.find(status.getConditions(), "Valid");
        assertThat(valid.getStatus()).isEqualTo("False");
        assertThat(valid.getReason()).isEqualTo("EmptySelector");
        assertThat(valid.getMessage()).contains("spec.selector is empty", "spec.locations[0] names"
                + " MigrationLocation 'mars'");
        assertThat(Conditions.find(status.getConditions(), "Protected").getStatus()).isEqualTo("False");
        assertThat(Conditions.find(status.getConditions(), "Replicated").getStatus()).isEqualTo("Unknown");
        assertThat(status.getVolumes()).isEmpty();
    }

    @Test
    void shouldReportAHookWithoutARunningPod() {
        ProtectedApplicationSpec spec = application(labels("app", "shop"), "every-minute", "falkenberg");
        spec.setHooks(new Hooks());
        spec.getHooks().setPre(Fixtures.hook(labels("role", "db"), "sync"));
        Checked<ApplicationTerms> withHook = ApplicationTerms.check(spec, SCHEDULES, LOCATIONS);

        ProtectedApplicationStatus status = ApplicationStatuses.of("shop-1", withHook, List.of(DATA),
                List.of(Problem.of("HookPodNotRunning", "spec.hooks.pre.podSelector", "selects no running pod")),
                Registration.registered("ok"), Map.of());

        Condition hooks = Conditions.find(status.getConditions(), "HooksReady");
        assertThat(hooks.getStatus()).isEqualTo("False");
        assertThat(hooks.getReason()).isEqualTo("HookPodNotRunning");
        assertThat(hooks.getMessage()).isEqualTo("spec.hooks.pre.podSelector selects no running pod");
        assertThat(Conditions.find(ApplicationStatuses.of("shop-1", withHook, List.of(DATA), List.of(),
                Registration.registered("ok"), Map.of()).getConditions(), "HooksReady").getStatus()).isEqualTo("True");
    }
}
