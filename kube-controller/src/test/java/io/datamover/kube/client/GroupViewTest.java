package io.datamover.kube.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.kube.crd.Hook;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupViewTest {

    private static final RemoteHooks HOOKS = new RemoteHooks(new RemoteHooks.Phase(30), new RemoteHooks.Phase(10));
    private static final GroupRequest REQUEST = new GroupRequest(List.of("pvc-a", "pvc-b"), 60, 3,
            List.of("falkenberg"), HOOKS, 0);
    private static final Instant T = Instant.parse("2026-11-22T01:00:00Z");

    @Test
    void shouldMatchOnlyTheSameRemoteHooks() {
        assertThat(view(HOOKS, null, null).matches(REQUEST)).isTrue();
        assertThat(view(null, null, null).matches(REQUEST)).isFalse();
        assertThat(view(new RemoteHooks(new RemoteHooks.Phase(30), null), null, null).matches(REQUEST)).isFalse();
    }

    @Test
    void shouldMatchOnlyTheSamePriorityAnAbsentOneBeingZero() {
        GroupRequest urgent = new GroupRequest(REQUEST.volumeIds(), 60, 3, REQUEST.targetSites(), HOOKS, 500);

        assertThat(view(HOOKS, null, null, 500).matches(urgent)).isTrue();
        assertThat(view(HOOKS, null, null, 0).matches(urgent)).as("a changed priority registers the group again")
                .isFalse();
        assertThat(view(HOOKS, null, null, null).matches(urgent)).isFalse();
        assertThat(view(HOOKS, null, null, null).matches(REQUEST)).isTrue();
    }

    @Test
    void shouldShowAPreHookFailureUntilASnapshotIsTakenAfterIt() {
        GroupView.HookFailure pre = new GroupView.HookFailure("preHook", T, 3, false, "exited with 3");

        assertThat(view(HOOKS, null, pre).failingHook()).contains(pre);
        assertThat(view(HOOKS, snapshot(T.minusSeconds(60)), pre).failingHook()).contains(pre);
        assertThat(view(HOOKS, snapshot(T.plusSeconds(60)), pre).failingHook()).isEmpty();
    }

    @Test
    void shouldShowAPostHookFailureAfterItsSnapshotUntilALaterSnapshot() {
        GroupView.HookFailure post = new GroupView.HookFailure("postHook", T, 1, false, "exited with 1");

        assertThat(view(HOOKS, snapshot(T.minusSeconds(2)), post).failingHook()).as("its own cycle's snapshot")
                .contains(post);
        assertThat(view(HOOKS, snapshot(T.plusSeconds(60)), post).failingHook()).as("a later cycle got past it")
                .isEmpty();
    }

    @Test
    void shouldAskForEachHookOfTheApplicationWithItsTimeoutThirtySecondsByDefault() {
        Hook pre = new Hook();
        pre.setTimeoutSeconds(12);

        assertThat(RemoteHooks.of(Map.of("pre", pre, "post", new Hook())))
                .isEqualTo(new RemoteHooks(new RemoteHooks.Phase(12), new RemoteHooks.Phase(30)));
        assertThat(RemoteHooks.of(Map.of("post", pre))).isEqualTo(new RemoteHooks(null, new RemoteHooks.Phase(12)));
        assertThat(RemoteHooks.of(Map.of())).isNull();
        assertThat(RemoteHooks.of(Map.of("pre", pre, "post", new Hook())).summary()).isEqualTo("pre (12s), post (30s)");
    }

    private static GroupView.LastSnapshot snapshot(Instant at) {
        return new GroupView.LastSnapshot(at, "application");
    }

    private static GroupView view(RemoteHooks hooks, GroupView.LastSnapshot last, GroupView.HookFailure failure) {
        return view(hooks, last, failure, 0);
    }

    private static GroupView view(RemoteHooks hooks, GroupView.LastSnapshot last, GroupView.HookFailure failure,
            Integer priority) {
        return new GroupView("shop-1", List.of("pvc-b", "pvc-a"), 60, 3, List.of("falkenberg"), null, null, hooks,
                "active", last, failure, List.of(), priority);
    }
}
