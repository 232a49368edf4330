package io.datamover.snapshot.rest;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.datamover.snapshot.domain.Group;
import io.datamover.snapshot.domain.GroupSnapshot;
import io.datamover.snapshot.domain.GroupState;
import io.datamover.snapshot.domain.HookFailure;
import io.datamover.snapshot.domain.Standing;

/**
 * A group as {@code GET /groups} shows it: its fields, whether it runs here ({@code state}), the last group snapshot
 * taken and the last hook failure since the service started (absent when there was none).
 */
public record GroupView(@JsonUnwrapped Group group, Standing state, GroupSnapshot lastSnapshot,
        HookFailure lastHookFailure) {

    static GroupView of(Group group, Standing standing, GroupState state) {
        return new GroupView(group, standing, state.lastSnapshot(), state.lastHookFailure());
    }
}
