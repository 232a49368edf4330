package io.datamover.blockstore.storage;

import io.datamover.blockstore.api.CreateVolume;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.blockstore.domain.Geometry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Random;
import org.roaringbitmap.RoaringBitmap;

/**
 * A volume after a failover. The lost primary holds snapshots 1 to 4, of which the new primary received 1 and
 * {@value #SHARED}; snapshot 3 is held by the transfer that was shipping it, and blocks were written after 4. The new
 * primary, promoted at {@value #SHARED}, wrote some of the same blocks and others, and took its own snapshot 3.
 */
final class Failover {

    static final int BLOCK = 4 * Geometry.SECTOR_SIZE;
    static final long SIZE = 64L * BLOCK;
    /** The last snapshot both copies hold. */
    static final long SHARED = 2;
    static final String HOLDER = "transfer.falkenberg";

    final Volume lost;
    final Volume newPrimary;
    /** The blocks the lost primary wrote after {@value #SHARED}. */
    final RoaringBitmap diverged = new RoaringBitmap();
    /** The content of snapshot {@value #SHARED}. */
    final byte[] shared;
    private final Random random = new Random(20261201);

    private Failover(Volume lost, Volume newPrimary) throws IOException {
        this.lost = lost;
        this.newPrimary = newPrimary;
        write(lost, 0, 12 * BLOCK, null);
        write(lost, 20L * BLOCK, BLOCK, null);
        lost.snapshot();
        Deltas.ship(lost, null, 1, newPrimary);
        write(lost, 2L * BLOCK, BLOCK, null);
        write(lost, 30L * BLOCK + Geometry.SECTOR_SIZE, Geometry.SECTOR_SIZE, null);
        lost.snapshot();
        Deltas.ship(lost, 1L, SHARED, newPrimary);
        shared = lost.readSnapshot(SHARED, 0, (int) SIZE);

        write(lost, 3L * BLOCK, 3 * BLOCK, diverged);
        write(lost, 20L * BLOCK + Geometry.SECTOR_SIZE, Geometry.SECTOR_SIZE, diverged);
        lost.snapshot();
        lost.hold(3, HOLDER);
        write(lost, 40L * BLOCK, BLOCK, diverged);
        write(lost, 4L * BLOCK, 2 * Geometry.SECTOR_SIZE, diverged);
        lost.snapshot();
        write(lost, 20L * BLOCK, BLOCK, diverged);
        write(lost, 50L * BLOCK + 2 * Geometry.SECTOR_SIZE, Geometry.SECTOR_SIZE, diverged);

        newPrimary.promote();
        write(newPrimary, 4L * BLOCK, BLOCK, null);
        write(newPrimary, 33L * BLOCK, BLOCK, null);
        write(newPrimary, 40L * BLOCK + Geometry.SECTOR_SIZE, Geometry.SECTOR_SIZE, null);
        newPrimary.snapshot();
    }

    /** Creates volume {@code id} at both sites and brings it to the state of a failover. */
    static Failover between(VolumeStore lostSite, VolumeStore newSite, String id) throws IOException {
        return new Failover(lostSite.create(new CreateVolume(id, SIZE, BLOCK, VolumeRole.PRIMARY)),
                newSite.create(new CreateVolume(id, SIZE, BLOCK, VolumeRole.REPLICA)));
    }

    /** The bytes of the blocks that the lost primary wrote after {@value #SHARED}. */
    long divergedBytes() {
        return diverged.getLongCardinality() * BLOCK;
    }

    private void write(Volume volume, long offset, int length, RoaringBitmap written) throws IOException {
        byte[] data = new byte[length];
        random.nextBytes(data);
        volume.write(offset, ByteBuffer.wrap(data));
        if (written != null) {
            Geometry.BlockRange blocks = volume.geometry().blocksOf(offset, length);
            written.add((long) blocks.first(), blocks.endExclusive());
        }
    }
}
