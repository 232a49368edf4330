package io.datamover.transfer.domain;

import io.datamover.blockstore.api.DeltaFormat;
import io.datamover.events.Extent;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * What identifies a chunk's content without its bytes: for each record, in order, its volume offset (int64) and
 * length (int32), then the CRC32C of each of its 4 KiB sectors (int32), big-endian. The source makes them from the
 * checksums its store keeps with the data, so a chunk sent zero-copy is never read by the service, or from the bytes
 * it read; the target from the bytes it received. The chunk's checksum is the CRC32C of its sums and its digest
 * their SHA-256: both ends compare them without hashing the data a second time.
 */
public final class ChunkSums {

    private final byte[] sums;

    private ChunkSums(byte[] sums) {
        this.sums = sums;
    }

    /**
     * The sums of a chunk located in the store: its extents and the stored checksum of every sector of them, in order.
     *
     * @throws IllegalArgumentException when the checksums do not count one per sector of the extents
     */
    public static ChunkSums of(List<Extent> extents, ByteBuffer sectorSums) {
        ByteBuffer sectors = sectorSums.duplicate();
        Builder builder = new Builder();
        for (Extent extent : extents) {
            if (extent.length() % DeltaFormat.SECTOR_SIZE != 0 || extent.length() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("extent at " + extent.offset() + " of " + extent.length()
                        + " bytes is not whole sectors of " + DeltaFormat.SECTOR_SIZE + " bytes");
            }
            builder.record(extent.offset(), (int) extent.length());
            for (long s = 0; s < extent.length() / DeltaFormat.SECTOR_SIZE; s++) {
                if (sectors.remaining() < Integer.BYTES) {
                    throw new IllegalArgumentException("the stored checksums end before the sectors of the extents");
                }
                builder.sector(sectors.getInt());
            }
        }
        if (sectors.hasRemaining()) {
            throw new IllegalArgumentException(sectors.remaining() / Integer.BYTES
                    + " stored checksums are left over after the sectors of the extents");
        }
        return builder.build();
    }

    /**
     * The sums of a chunk body (a delta), computed from its bytes.
     *
     * @throws TransferException ({@link TransferException.Reason#INVALID_REQUEST}, field {@code body}) when it is
     *         not a well-formed delta of whole sectors
     */
    public static ChunkSums of(byte[] body) {
        return DeltaCheck.check(body, Long.MAX_VALUE).sums();
    }

    /** {@code crc32c:<8 hex digits>} of the sums, as the chunk's checksum travels. */
    public String checksum() {
        CRC32C crc = new CRC32C();
        crc.update(sums);
        return Checksums.format(crc.getValue());
    }

    /** SHA-256 of the sums: the chunk's share of the delta digest. */
    public byte[] digest() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(sums);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Collects the sums of one chunk, record by record. */
    static final class Builder {

        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteBuffer field = ByteBuffer.allocate(Long.BYTES);

        void record(long offset, int length) {
            field.clear();
            field.putLong(offset);
            out.write(field.array(), 0, Long.BYTES);
            sector(length);
        }

        void sector(int crc32c) {
            field.clear();
            field.putInt(crc32c);
            out.write(field.array(), 0, Integer.BYTES);
        }

        ChunkSums build() {
            return new ChunkSums(out.toByteArray());
        }
    }
}
