package io.datamover.blockstore.api;

import java.util.List;

/**
 * The body of {@code POST /snapshots}: the volumes to snapshot at one point in time, each once; no write to any of
 * them lands between the first snapshot and the last.
 */
public record CreateSnapshots(List<String> volumeIds) {
}
