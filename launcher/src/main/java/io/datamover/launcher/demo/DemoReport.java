package io.datamover.launcher.demo;

import io.datamover.events.EventJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code demo --report FILE} writes: the volume, the first copy, each incremental cycle and
 * the verification of the replica against the source snapshot it claims to hold.
 *
 * @param initialSyncBytes bytes shipped for the first (full) copy
 * @param verifiedSnapshot the snapshot whose source and replica digests were compared
 * @param switchover the switchover of {@code --scenario switchover}, absent for the other scenarios
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
        SwitchoverReport switchover) {

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

    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        EventJson.mapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
    }
}
