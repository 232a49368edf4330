package io.datamover.blockstore.api;

import java.util.List;

/**
 * The outcome of {@code POST /volumes/{id}/rejoin}: the lost primary's copy is a replica consistent at the snapshot it
 * rejoined at.
 *
 * @param volume the volume as it is now
 * @param divergedBytes the bytes of the blocks (whole blocks) that had diverged from that snapshot and got its
 *     content back; 0 when the volume was a replica already
 * @param discardedSnapshots the snapshots after it that the rejoin deleted, ascending
 * @param changeMethod how the diverged blocks were found, a code of {@code io.datamover.events.ChangeMethod}:
 *     {@code cbt}, or {@code checksum} when an unclean stop made the tracking of the writes distrusted
 */
public record RejoinResult(VolumeInfo volume, long divergedBytes, List<Long> discardedSnapshots, String changeMethod) {
}
