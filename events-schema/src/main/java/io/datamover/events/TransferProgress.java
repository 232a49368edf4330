package io.datamover.events;

import java.time.Instant;

/**
 * A transfer of {@code snapshot} to a replica, while it is under way, in {@link ReplicaStatus}, as
 * placement folds it from the {@link ChunkShipped} events of that transfer.
 *
 * @param bytesDone payload bytes delivered so far (the highest {@code bytesDone} reported)
 * @param bytesTotal payload bytes of the whole delta
 * @param bytesPerSecond rate from the first to the latest chunk reported, by event time; absent
 *     while a single chunk was reported
 * @param secondsToGo the bytes left at that rate; absent while the rate is unknown or zero
 * @param startedAt time of the first chunk reported
 * @param updatedAt time of the latest chunk reported
 */
public record TransferProgress(
        long snapshot,
        long bytesDone,
        long bytesTotal,
        Long bytesPerSecond,
        Long secondsToGo,
        Instant startedAt,
        Instant updatedAt) {

    public TransferProgress {
        Fields.positive("snapshot", snapshot);
        Fields.notNegative("bytesDone", bytesDone);
        Fields.notNegative("bytesTotal", bytesTotal);
        if (bytesDone > bytesTotal) {
            throw new IllegalArgumentException("field 'bytesDone' must not exceed bytesTotal (" + bytesTotal
                    + "), was " + bytesDone);
        }
        if (bytesPerSecond != null) {
            Fields.notNegative("bytesPerSecond", bytesPerSecond);
        }
        if (secondsToGo != null) {
            Fields.notNegative("secondsToGo", secondsToGo);
        }
        Fields.required("startedAt", startedAt);
        Fields.required("updatedAt", updatedAt);
    }
}
