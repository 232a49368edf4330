package io.datamover.launcher.demo;

import io.datamover.events.EventJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code demo --report FILE} writes: the volume, the first copy, each incremental cycle and
 * the verification of the replica against the source snapshot it claims to hold.
 *
 * @param initialSyncBytes bytes shipped for the first (full) copy
 * @param verifiedSnapshot the snapshot whose source and replica digests were compared
 * @param switchover the switchover of {@code --scenario switchover}, absent for the other scenarios
 * @param failover the failover of {@code --scenario failover}, absent for the other scenarios
 * @param resync the resync of the lost site after {@code --scenario failover}, absent for the other scenarios
 */
public record DemoReport(
        long volumeBytes,
        int blockSize,
        long initialSyncBytes,
        long initialSyncMillis,
        List<CycleReport> cycles,
        long verifiedSnapshot,
        boolean verified,
        String sourceDigest,
        String targetDigest,
        SwitchoverReport switchover,
        FailoverReport failover,
        ResyncReport resync) {

    /**
     * One incremental cycle.
     *
     * @param cycleMillis from the snapshot being taken at the source to the replica being consistent at the target
     * @param lagBytes placement's replica lag in bytes when the cycle completed
     * @param lagSeconds placement's replica lag in seconds when the cycle completed
     */
    public record CycleReport(long snapshot, String method, long changedBytes, long shippedBytes, long cycleMillis,
            long lagBytes, long lagSeconds) {
    }

    /**
     * The switchover of a volume group.
     *
     * @param trigger the cause placement gave for the switchover
     * @param downtimeMillis from the freeze of the group at the source to the target taking writes
     * @param longestWritePauseMillis the longest time the workload waited between two acknowledged writes
     * @param finalDeltaBytes the data bytes of the final deltas applied at the target
     * @param finalSnapshots the final snapshot of each volume, at which the target took over
     */
    public record SwitchoverReport(String trigger, String decisionId, long downtimeMillis,
            long longestWritePauseMillis, long finalDeltaBytes, List<String> volumes, Map<String, Long> finalSnapshots) {
    }

    /**
     * The failover of a volume group whose primary site was lost, and the check of both copies at the end.
     *
     * @param trigger the cause placement gave for the failover: the lost site, the snapshots taken over and the
     *     data-loss window (RPO) they imply
     * @param failoverMillis from the kill of every process of the lost site to the group being promoted at the target
     * @param promotedSnapshots the snapshot of each volume the target promoted: the last one both sites held
     * @param verifiedSnapshots the group snapshot taken at the new primary at the end, once the resynced site had
     *     applied it; both copies of each volume were compared at it
     */
    public record FailoverReport(String trigger, String decisionId, long failoverMillis,
            Map<String, Long> promotedSnapshots, Map<String, Long> verifiedSnapshots) {

        FailoverReport verifiedAt(Map<String, Long> snapshots) {
            return new FailoverReport(trigger, decisionId, failoverMillis, promotedSnapshots, new TreeMap<>(snapshots));
        }
    }

    /**
     * The resync of the lost site once it came back: it rejoined at the common snapshots as a replica of the new
     * primary, which shipped it the delta from there.
     *
     * @param resyncMillis from the restart of the lost site's processes to the decision's {@code resynced} step
     * @param commonSnapshots the snapshot of each volume both sites held, the base of the resync
     * @param resyncedSnapshots the snapshot of each volume the returning site held consistent at {@code resynced}
     * @param shippedBytes the bytes that crossed the link to the returning site for the resync: the sum over the
     *     volumes of the {@code shippedBytes} of its {@code replica-applied} events for the snapshots after the common
     *     one up to the resynced one
     * @param divergedBytes the sum over the volumes of the bytes of the blocks changed between the common and the
     *     resynced snapshot at the returning site, as its block store counts them: the blocks either site wrote since
     *     the common snapshot
     * @param volumeBytes the size of the group
     */
    public record ResyncReport(String decisionId, long resyncMillis, Map<String, Long> commonSnapshots,
            Map<String, Long> resyncedSnapshots, long shippedBytes, long divergedBytes, long volumeBytes) {
    }

    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        EventJson.mapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
    }
}
