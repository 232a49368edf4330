package io.datamover.mover.domain;

import io.datamover.blockstore.api.DeltaFormat;
import io.datamover.events.Extent;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The extents one request may read from the snapshot: inside the volume, whole 4 KiB sectors, not overlapping, at
 * most {@value #MAX_READ} data bytes in all. A refusal names the field at fault, {@code [i].offset} for the offset
 * of the extent at index i of the request.
 */
public final class ExtentRequest {

    /** The largest read of one request, as the block store's. */
    public static final int MAX_READ = 64 * 1024 * 1024;

    private ExtentRequest() {
    }

    /**
     * @return the data bytes of the extents
     * @throws MoverException (400) naming the field at fault
     */
    public static long check(List<Extent> extents, long volumeBytes) {
        if (extents == null || extents.contains(null)) {
            throw MoverException.invalid("body", "the body must be a JSON array of {\"offset\", \"length\"}");
        }
        long total = 0;
        for (int i = 0; i < extents.size(); i++) {
            Extent extent = extents.get(i);
            aligned("[" + i + "].offset", extent.offset());
            aligned("[" + i + "].length", extent.length());
            if (extent.length() > volumeBytes || extent.offset() > volumeBytes - extent.length()) {
                throw MoverException.invalid("[" + i + "].length", "extent [" + i + "] (" + extent.length()
                        + " bytes at offset " + extent.offset() + ") ends beyond the volume's " + volumeBytes
                        + " bytes");
            }
            total += extent.length();
            if (total > MAX_READ) {
                throw MoverException.invalid("body", "the extents hold more than the " + MAX_READ
                        + " bytes one request may read");
            }
        }
        overlaps(extents);
        return total;
    }

    private static void aligned(String field, long value) {
        if (value % DeltaFormat.SECTOR_SIZE != 0) {
            throw MoverException.invalid(field, "field '" + field + "' must be a multiple of "
                    + DeltaFormat.SECTOR_SIZE + ", was " + value);
        }
    }

    private static void overlaps(List<Extent> extents) {
        int[] byOffset = IntStream.range(0, extents.size()).boxed()
                .sorted(Comparator.comparingLong(i -> extents.get(i).offset()))
                .mapToInt(Integer::intValue).toArray();
        for (int k = 1; k < byOffset.length; k++) {
            Extent before = extents.get(byOffset[k - 1]);
            Extent extent = extents.get(byOffset[k]);
            if (extent.offset() < before.end()) {
                throw MoverException.invalid("[" + byOffset[k] + "]", "extent [" + byOffset[k] + "] (offset "
                        + extent.offset() + ") overlaps extent [" + byOffset[k - 1] + "] (" + before.length()
                        + " bytes at offset " + before.offset() + ")");
            }
        }
    }
}
