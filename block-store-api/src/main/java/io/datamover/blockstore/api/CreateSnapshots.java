package io.datamover.blockstore.api;

import java.util.List;

/**
 * The body of {@code POST /snapshots}: the volumes to snapshot at one point in time, each once; no write to any of
 * them lands between the first snapshot and the last.
 *
 * @param freezeReason when present, every volume is also frozen, with this reason, before its snapshot and in the
 *     same step, so that no write lands after the snapshots either until the volumes are thawed (a switchover's final
 *     snapshot); absent for a snapshot that leaves the volumes writable
 */
public record CreateSnapshots(List<String> volumeIds, String freezeReason) {

    public CreateSnapshots(List<String> volumeIds) {
        this(volumeIds, null);
    }
}
