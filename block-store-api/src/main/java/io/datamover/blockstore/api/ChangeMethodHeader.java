package io.datamover.blockstore.api;

/**
 * The response header of GetMetadataDelta that says how the store found the changed blocks: {@code cbt} (its
 * changed block tracking) or {@code checksum} (comparing the content of both snapshots, when the tracking of an
 * epoch in between was not trusted after an unclean stop). Absent from other SnapshotMetadata servers: read as
 * {@code cbt}. Values are the codes of {@code io.datamover.events.ChangeMethod}.
 */
public final class ChangeMethodHeader {

    public static final String NAME = "x-datamover-change-method";

    private ChangeMethodHeader() {
    }
}
