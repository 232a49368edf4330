package io.datamover.blockstore.domain;

import io.datamover.events.ChangeMethod;
import org.roaringbitmap.RoaringBitmap;

/** The blocks that differ between two snapshots and how they were found ({@code cbt} or {@code checksum}). */
public record ChangeSet(RoaringBitmap blocks, ChangeMethod method) {
}
