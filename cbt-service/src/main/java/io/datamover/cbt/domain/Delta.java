package io.datamover.cbt.domain;

import io.datamover.blockstore.api.ChangeMethodHeader;
import io.datamover.events.ChangeMethod;
import io.datamover.events.Extent;
import java.util.List;

/** The extents changed between two snapshots and how the SnapshotMetadata service found them. */
public record Delta(ChangeMethod method, List<Extent> extents) {

    public Delta {
        extents = List.copyOf(extents);
    }

    /**
     * The method named by the {@link ChangeMethodHeader} of a GetMetadataDelta response: {@code cbt} when absent
     * (a CSI driver's service does not send it).
     *
     * @throws IllegalArgumentException for a value that is neither {@code cbt} nor {@code checksum}
     */
    public static ChangeMethod method(String header) {
        if (header == null || header.equals(ChangeMethod.CBT.code())) {
            return ChangeMethod.CBT;
        }
        if (header.equals(ChangeMethod.CHECKSUM.code())) {
            return ChangeMethod.CHECKSUM;
        }
        throw new IllegalArgumentException("response header " + ChangeMethodHeader.NAME + " is '" + header
                + "', expected 'cbt' or 'checksum'");
    }
}
