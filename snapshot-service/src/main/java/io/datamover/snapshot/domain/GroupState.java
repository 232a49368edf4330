package io.datamover.snapshot.domain;

import java.time.Instant;

/**
 * What this service knows of a group's snapshots since it started.
 *
 * @param lastSnapshot the last group snapshot taken, or null
 * @param lastHookFailure the last failure of one of its hooks, or null
 * @param failedAttemptAt when an attempt that ran the pre hook last took no snapshot, or null after a success: the
 *     next attempt waits one interval from then, so that the application is not quiesced every second
 */
public record GroupState(GroupSnapshot lastSnapshot, HookFailure lastHookFailure, Instant failedAttemptAt) {

    public static final GroupState NONE = new GroupState(null, null, null);

    public GroupState taken(GroupSnapshot snapshot) {
        return new GroupState(snapshot, lastHookFailure, null);
    }

    public GroupState hookFailed(HookFailure failure) {
        return new GroupState(lastSnapshot, failure, failedAttemptAt);
    }

    public GroupState attemptFailed(Instant at) {
        return new GroupState(lastSnapshot, lastHookFailure, at);
    }
}
