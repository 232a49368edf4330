package io.datamover.snapshot.rest;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.datamover.snapshot.domain.Group;
import io.datamover.snapshot.domain.GroupSnapshot;
import io.datamover.snapshot.domain.GroupState;
import io.datamover.snapshot.domain.HookFailure;
import io.datamover.snapshot.domain.Standing;
import io.datamover.snapshot.domain.VolumeReplication;
import java.util.List;

/**
 * A group as {@code GET /groups} shows it: its fields, whether it runs here ({@code state}), the last group snapshot
 * taken and the last hook failure since the service started (absent when there was none), and per volume its
 * newest snapshot and the last snapshot applied at each target ({@code replication}).
 */
public record GroupView(@JsonUnwrapped Group group, Standing state, GroupSnapshot lastSnapshot,
        HookFailure lastHookFailure, List<VolumeReplication> replication) {

    static GroupView of(Group group, Standing standing, GroupState state, List<VolumeReplication> replication) {
        return new GroupView(group, standing, state.lastSnapshot(), state.lastHookFailure(), replication);
    }
}
