package io.datamover.snapshot.support;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.DeltaFormat;
import io.datamover.blockstore.api.VolumeRole;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/** Replicas in a block store, brought to a snapshot as the transfer service of their site would. */
public final class Replicas {

    public static final long SIZE = 1 << 20;
    public static final int BLOCK_SIZE = 4096;

    private Replicas() {
    }

    /** Creates a replica consistent at snapshot {@code snapshot}, a full copy whose first block is {@code block}. */
    public static void create(BlockStoreClient store, String volumeId, long snapshot, byte[] block) {
        store.createVolume(volumeId, SIZE, BLOCK_SIZE, VolumeRole.REPLICA);
        ByteArrayOutputStream delta = new ByteArrayOutputStream();
        try {
            DeltaFormat.Writer writer = DeltaFormat.writer(delta);
            writer.write(0, block);
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        store.freeze(volumeId, "receiving snapshot " + snapshot);
        store.apply(volumeId, null, snapshot, () -> new ByteArrayInputStream(delta.toByteArray()));
        store.thaw(volumeId);
    }

    /** A block of {@link #BLOCK_SIZE} bytes, each {@code value}. */
    public static byte[] block(int value) {
        byte[] block = new byte[BLOCK_SIZE];
        Arrays.fill(block, (byte) value);
        return block;
    }
}
