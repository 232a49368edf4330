package io.datamover.kube.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the controller reads of the snapshot-service's {@code GET /groups/{groupId}}.
 *
 * @param priority the group's priority, absent from a snapshot-service older than the field (its groups have 0)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GroupView(String groupId, List<String> volumeIds, long intervalSeconds, int retain,
        List<String> targetSites, List<String> preHook, List<String> postHook, RemoteHooks remoteHooks, String state,
        LastSnapshot lastSnapshot, HookFailure lastHookFailure, List<Replication> replication, Integer priority) {

    /** The group snapshot the snapshot-service took last. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record LastSnapshot(Instant takenAt, String consistency) {
    }

    /** @param hook {@code preHook} or {@code postHook} */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record HookFailure(String hook, Instant at, Integer exitCode, boolean timedOut, String message) {
    }

    /** Whether the group is defined as {@code request} asks (the volumes in any order). */
    public boolean matches(GroupRequest request) {
        return volumeIds.size() == request.volumeIds().size() && volumeIds.containsAll(request.volumeIds())
                && intervalSeconds == request.intervalSeconds() && retain == request.retain()
                && targetSites.equals(request.targetSites()) && preHook == null && postHook == null
                && Objects.equals(remoteHooks, request.remoteHooks())
                && Objects.requireNonNullElse(priority, 0) == request.priority();
    }

    /**
     * The last hook failure while no group snapshot has been taken since: a failed pre hook kept the last attempt
     * from taking one; a failed post hook came after the last snapshot (the application may still be quiesced). A
     * snapshot after the failure means a later attempt got past its hooks, or its own failure would be the last.
     */
    public Optional<HookFailure> failingHook() {
        if (lastHookFailure == null) {
            return Optional.empty();
        }
        boolean snapshotSince = lastSnapshot != null && lastSnapshot.takenAt() != null
                && !lastSnapshot.takenAt().isBefore(lastHookFailure.at());
        return snapshotSince ? Optional.empty() : Optional.of(lastHookFailure);
    }

    public List<Replication> replication() {
        return replication == null ? List.of() : replication;
    }
}
