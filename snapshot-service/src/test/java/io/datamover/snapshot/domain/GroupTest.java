package io.datamover.snapshot.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datamover.events.DecisionType;
import io.datamover.events.Fields;
import io.datamover.events.PlacementDecision;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupTest {

    private static final List<String> VOLUMES = List.of("shop-db", "shop-files");
    private static final List<String> TARGETS = List.of("falkenberg");
    private static final List<String> HOOK = List.of("sh", "-c", "sync");

    @Test
    void shouldProtectEachVolumeAsAVolumeAloneWouldBe() {
        Group group = new Group("shop", VOLUMES, 60, 3, TARGETS, HOOK, null, 30);

        assertThat(group.protectionOf("shop-files")).isEqualTo(new Protection("shop-files", 60, 3, TARGETS));
        assertThat(group.postHook()).isNull();
    }

    @Test
    void shouldRejectAGroupIdThatIsNoId() {
        assertInvalid(() -> new Group("../shop", VOLUMES, 60, 3, TARGETS, null, null, 30), "groupId");
        assertInvalid(() -> new Group(null, VOLUMES, 60, 3, TARGETS, null, null, 30), "groupId");
    }

    @Test
    void shouldRejectAGroupWithoutVolumes() {
        assertInvalid(() -> new Group("shop", List.of(), 60, 3, TARGETS, null, null, 30), "volumeIds");
        assertInvalid(() -> new Group("shop", null, 60, 3, TARGETS, null, null, 30), "volumeIds");
    }

    @Test
    void shouldRejectAVolumeIdThatIsNoIdNamingIt() {
        assertThatThrownBy(() -> new Group("shop", List.of("shop-db", "../etc"), 60, 3, TARGETS, null, null, 30))
                .isInstanceOfSatisfying(ProtectionException.class, e -> {
                    assertThat(e.field()).isEqualTo("volumeIds");
                    assertThat(e.getMessage()).contains("../etc");
                });
        assertInvalid(() -> new Group("shop", Arrays.asList("shop-db", null), 60, 3, TARGETS, null, null, 30),
                "volumeIds");
    }

    @Test
    void shouldRejectAVolumeNamedTwice() {
        assertThatThrownBy(() -> new Group("shop", List.of("shop-db", "x", "shop-db"), 60, 3, TARGETS, null, null,
                30)).isInstanceOfSatisfying(ProtectionException.class, e -> {
                    assertThat(e.field()).isEqualTo("volumeIds");
                    assertThat(e.getMessage()).contains("shop-db").contains("twice");
                });
    }

    @Test
    void shouldRejectTheScheduleAsForAVolumeAlone() {
        assertInvalid(() -> new Group("shop", VOLUMES, 0, 3, TARGETS, null, null, 30), "intervalSeconds");
        assertInvalid(() -> new Group("shop", VOLUMES, 60, 0, TARGETS, null, null, 30), "retain");
        assertInvalid(() -> new Group("shop", VOLUMES, 60, 3, List.of(), null, null, 30), "targetSites");
        assertInvalid(() -> new Group("shop", VOLUMES, 60, 3, List.of("Oslo"), null, null, 30), "targetSites");
    }

    @Test
    void shouldRejectReplicatingToItsOwnSite() {
        Group group = new Group("shop", VOLUMES, 60, 3, List.of("falkenberg", "stockholm"), null, null, 30);

        assertInvalid(() -> group.requireRunsAt("stockholm"), "targetSites");
    }

    @Test
    void shouldRejectAHookWithoutACommand() {
        assertInvalid(() -> new Group("shop", VOLUMES, 60, 3, TARGETS, List.of(), null, 30), "preHook");
        assertInvalid(() -> new Group("shop", VOLUMES, 60, 3, TARGETS, null, List.of(" ", "x"), 30), "postHook");
        assertInvalid(() -> new Group("shop", VOLUMES, 60, 3, TARGETS, Arrays.asList("sh", null), null, 30),
                "preHook");
    }

    @Test
    void shouldKeepAHooksArgumentsAsGiven() {
        List<String> argv = List.of("sh", "-c", "echo 'a  b' > $FILE", "");

        assertThat(new Group("shop", VOLUMES, 60, 3, TARGETS, argv, argv, 30).preHook()).isEqualTo(argv);
    }

    @Test
    void shouldRejectAHookTimeoutOutOfRange() {
        assertInvalid(() -> new Group("shop", VOLUMES, 60, 3, TARGETS, HOOK, null, 0), "hookTimeoutSeconds");
        assertInvalid(() -> new Group("shop", VOLUMES, 60, 3, TARGETS, HOOK, null,
                Group.MAX_HOOK_TIMEOUT_SECONDS + 1), "hookTimeoutSeconds");
    }

    @Test
    void shouldRunRemoteHooksWithTheDefaultTimeoutAndKeepThemForAFinalSnapshot() {
        RemoteHooks remote = new RemoteHooks(new RemoteHooks.Phase(null), null);
        Group group = new Group("shop", VOLUMES, 60, 3, TARGETS, null, null, 30, remote);

        assertThat(remote.pre().timeoutSeconds()).isEqualTo(Group.DEFAULT_HOOK_TIMEOUT_SECONDS);
        assertThat(group.hasPreHook()).isTrue();
        assertThat(group.hasPostHook()).isFalse();
        assertThat(group.withoutHooks().hasPreHook()).isFalse();
        PlacementDecision decision = PlacementDecision.of("d-1", DecisionType.SWITCHOVER, "freeze", "shop", VOLUMES,
                "stockholm", "oslo", "cooling");
        assertThat(group.forFinalSnapshot(decision).remoteHooks()).isEqualTo(remote);
    }

    @Test
    void shouldRejectRemoteHooksThatNameNoPhaseTimeOutOfRangeOrComeWithLocalOnes() {
        assertInvalid(() -> new Group("shop", VOLUMES, 60, 3, TARGETS, null, null, 30, new RemoteHooks(null, null)),
                "remoteHooks");
        assertInvalid(() -> new Group("shop", VOLUMES, 60, 3, TARGETS, null, null, 30,
                new RemoteHooks(null, new RemoteHooks.Phase(0))), "remoteHooks.post.timeoutSeconds");
        assertInvalid(() -> new Group("shop", VOLUMES, 60, 3, TARGETS, null, null, 30,
                new RemoteHooks(new RemoteHooks.Phase(Group.MAX_HOOK_TIMEOUT_SECONDS + 1), null)),
                "remoteHooks.pre.timeoutSeconds");
        assertInvalid(() -> new Group("shop", VOLUMES, 60, 3, TARGETS, HOOK, null, 30,
                new RemoteHooks(null, new RemoteHooks.Phase(5))), "remoteHooks");
    }

    @Test
    void shouldTakePriorityZeroByDefaultAndKeepThePriorityForAFinalSnapshotAndWithoutHooks() {
        Group group = new Group("shop", VOLUMES, 60, 3, TARGETS, HOOK, null, 30, null, Fields.MAX_PRIORITY);
        PlacementDecision decision = PlacementDecision.of("d-1", DecisionType.SWITCHOVER, "freeze", "shop", VOLUMES,
                "stockholm", "oslo", "cooling");

        assertThat(new Group("shop", VOLUMES, 60, 3, TARGETS, null, null, 30, null, null).priority()).isZero();
        assertThat(group.forFinalSnapshot(decision).priority()).isEqualTo(Fields.MAX_PRIORITY);
        assertThat(group.withoutHooks().priority()).isEqualTo(Fields.MAX_PRIORITY);
        assertThat(new Group("shop", VOLUMES, 60, 3, TARGETS, null, null, 30, null, Fields.MIN_PRIORITY).priority())
                .isEqualTo(Fields.MIN_PRIORITY);
    }

    @Test
    void shouldRejectAPriorityOutsideItsRangeNamingIt() {
        assertInvalid(() -> new Group("shop", VOLUMES, 60, 3, TARGETS, null, null, 30, null,
                Fields.MAX_PRIORITY + 1), "priority");
        assertInvalid(() -> new Group("shop", VOLUMES, 60, 3, TARGETS, null, null, 30, null,
                Fields.MIN_PRIORITY - 1), "priority");
    }

    private static void assertInvalid(Runnable construction, String field) {
        assertThatThrownBy(construction::run).isInstanceOfSatisfying(ProtectionException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.reason()).isEqualTo(ProtectionException.Reason.INVALID);
        });
    }
}
