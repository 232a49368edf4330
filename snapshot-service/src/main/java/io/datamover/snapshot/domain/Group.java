package io.datamover.snapshot.domain;

import io.datamover.events.Fields;
import io.datamover.events.PlacementDecision;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The volumes of one application at this site, snapshotted together at one point in time every
 * {@code intervalSeconds}; each volume keeps its newest {@code retain} snapshots and is replicated to
 * {@code targetSites}, as a volume protected alone would be.
 *
 * @param preHook the command (argv) that quiesces the application before the snapshot, or null
 * @param postHook the command that resumes it afterwards, or null
 * @param hookTimeoutSeconds how long each hook may run before it is killed and counts as failed
 * @param remoteHooks hooks the site's kube-controller runs in the application's pods instead, or null; a group has
 *     local hooks or remote ones, never both
 * @param priority placement moves the groups of a short site highest priority first; announced with every snapshot
 *     of the group, from {@value Fields#MIN_PRIORITY} to {@value Fields#MAX_PRIORITY}, 0 when none is given (groups
 *     saved before the field)
 */
public record Group(String groupId, List<String> volumeIds, long intervalSeconds, int retain,
        List<String> targetSites, List<String> preHook, List<String> postHook, int hookTimeoutSeconds,
        RemoteHooks remoteHooks, Integer priority) {

    public static final int DEFAULT_HOOK_TIMEOUT_SECONDS = 30;
    public static final int MAX_HOOK_TIMEOUT_SECONDS = 3600;

    public Group {
        Protection.requireId("groupId", groupId);
        volumeIds = requireVolumes(volumeIds);
        Protection.requireInterval(intervalSeconds);
        Protection.requireRetain(retain);
        targetSites = Protection.requireTargets(targetSites);
        preHook = requireHook("preHook", preHook);
        postHook = requireHook("postHook", postHook);
        if (hookTimeoutSeconds < 1 || hookTimeoutSeconds > MAX_HOOK_TIMEOUT_SECONDS) {
            throw ProtectionException.invalid("hookTimeoutSeconds", "must lie between 1 and "
                    + MAX_HOOK_TIMEOUT_SECONDS + ", was " + hookTimeoutSeconds);
        }
        if (remoteHooks != null) {
            remoteHooks.check();
        }
        if (remoteHooks != null && (preHook != null || postHook != null)) {
            throw ProtectionException.invalid("remoteHooks", "cannot be given with preHook or postHook: a group's"
                    + " hooks run here or through the controller, not both");
        }
        priority = priority == null ? 0 : priority;
        if (!Fields.isValidPriority(priority)) {
            throw ProtectionException.invalid("priority", Fields.priorityRange(priority));
        }
    }

    /** A group of priority 0. */
    public Group(String groupId, List<String> volumeIds, long intervalSeconds, int retain, List<String> targetSites,
            List<String> preHook, List<String> postHook, int hookTimeoutSeconds, RemoteHooks remoteHooks) {
        this(groupId, volumeIds, intervalSeconds, retain, targetSites, preHook, postHook, hookTimeoutSeconds,
                remoteHooks, 0);
    }

    /** A group of priority 0 whose hooks, if any, are local commands. */
    public Group(String groupId, List<String> volumeIds, long intervalSeconds, int retain, List<String> targetSites,
            List<String> preHook, List<String> postHook, int hookTimeoutSeconds) {
        this(groupId, volumeIds, intervalSeconds, retain, targetSites, preHook, postHook, hookTimeoutSeconds, null);
    }

    /** Whether a hook, local or remote, quiesces the application before each snapshot. */
    public boolean hasPreHook() {
        return preHook != null || remoteHooks != null && remoteHooks.pre() != null;
    }

    /** Whether a hook, local or remote, resumes the application after each attempt that ran the pre hook. */
    public boolean hasPostHook() {
        return postHook != null || remoteHooks != null && remoteHooks.post() != null;
    }

    /** Checks that this group replicates away from {@code site}, the site it runs at. */
    public Group requireRunsAt(String site) {
        Protection.requireTargetsAwayFrom(site, targetSites);
        return this;
    }

    /** A volume protected alone, as a group of that one volume without hooks. */
    public static Group alone(Protection protection) {
        return new Group(protection.volumeId(), List.of(protection.volumeId()), protection.intervalSeconds(),
                protection.retain(), protection.targetSites(), null, null, DEFAULT_HOOK_TIMEOUT_SECONDS);
    }

    /**
     * This group as the source of a switchover snapshots it for the last time: the decision's volumes, with this
     * group's retention and hooks, replicated to its targets and to the decision's target.
     */
    public Group forFinalSnapshot(PlacementDecision decision) {
        List<String> targets = new ArrayList<>(targetSites);
        if (!targets.contains(decision.site())) {
            targets.add(decision.site());
        }
        return new Group(decision.groupId(), decision.volumeIds(), intervalSeconds, retain, targets, preHook,
                postHook, hookTimeoutSeconds, remoteHooks, priority);
    }

    /** This group without its hooks: for a snapshot that need not be application-consistent. */
    public Group withoutHooks() {
        return new Group(groupId, volumeIds, intervalSeconds, retain, targetSites, null, null, hookTimeoutSeconds, null,
                priority);
    }

    /** How the group's volume {@code volumeId} is protected: as a volume alone would be, but for the hooks. */
    public Protection protectionOf(String volumeId) {
        return new Protection(volumeId, intervalSeconds, retain, targetSites);
    }

    private static List<String> requireVolumes(List<String> volumeIds) {
        if (volumeIds == null || volumeIds.isEmpty()) {
            throw ProtectionException.invalid("volumeIds", "must name at least one volume");
        }
        Set<String> named = new HashSet<>();
        for (String volumeId : volumeIds) {
            Protection.requireId("volumeIds", volumeId);
            if (!named.add(volumeId)) {
                throw ProtectionException.invalid("volumeIds", "names volume '" + volumeId + "' twice");
            }
        }
        return List.copyOf(volumeIds);
    }

    /** A hook is an argv: a command and its arguments, run without a shell. */
    private static List<String> requireHook(String field, List<String> argv) {
        if (argv == null) {
            return null;
        }
        if (argv.isEmpty() || argv.get(0) == null || argv.get(0).isBlank()) {
            throw ProtectionException.invalid(field, "must start with the command to run, as [\"command\","
                    + " \"argument\", ...]");
        }
        if (argv.stream().anyMatch(Objects::isNull)) {
            throw ProtectionException.invalid(field, "must not hold null arguments");
        }
        return List.copyOf(argv);
    }
}
