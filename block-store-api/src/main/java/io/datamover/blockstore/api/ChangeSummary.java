package io.datamover.blockstore.api;

/**
 * The size of what changed in a volume between two of its snapshots ({@code GET
 * /volumes/{id}/snapshots/{snapshot}/changes?base=B}): what {@code GetMetadataDelta} would list, counted.
 *
 * @param blocks the changed blocks
 * @param changedBytes the changed blocks times the block size
 * @param changeMethod how they were found, a code of {@code io.datamover.events.ChangeMethod}: {@code cbt}, or
 *     {@code checksum} when an unclean stop made an epoch in between distrusted
 */
public record ChangeSummary(String volumeId, long base, long snapshot, long blocks, long changedBytes,
        String changeMethod) {
}
