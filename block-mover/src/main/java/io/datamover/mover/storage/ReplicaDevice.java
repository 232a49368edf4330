package io.datamover.mover.storage;

import io.datamover.blockstore.api.DeltaFormat;
import io.datamover.blockstore.api.SectorCrcs;
import io.datamover.blockstore.api.Verification;
import io.datamover.mover.config.MoverConfig;
import io.datamover.mover.domain.WrittenSectors;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The replica's block device in replica mode, opened read-write once: parts are written at their offsets with
 * positional writes (in parallel, without a shared position) and forced to the device before they are
 * acknowledged; the sums of what was written are kept for the read-back check.
 */
@ApplicationScoped
public class ReplicaDevice {

    /** The read-back check reads this much at a time. */
    private static final int READ_BUFFER = 1024 * 1024;

    private final MoverConfig config;
    private final WrittenSectors written = new WrittenSectors();
    private final DeviceChannel device;
    private volatile boolean sealed;

    public ReplicaDevice(MoverConfig config) {
        this.config = config;
        this.device = new DeviceChannel(config.devicePath(), StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /** Starts the delta over: what was written before is no longer checked. A no-op once sealed. */
    public void begin() {
        if (!sealed) {
            written.clear();
        }
    }

    /**
     * Writes the records at their offsets and forces them to the device. The caller checked them.
     *
     * @return the data bytes written, 0 once the delta is sealed (the device no longer changes)
     */
    public long write(List<DeltaFormat.Record> records) throws IOException {
        if (sealed) {
            return 0;
        }
        FileChannel channel = device.get();
        long bytes = 0;
        for (DeltaFormat.Record record : records) {
            ByteBuffer data = record.data().duplicate();
            int[] sums = SectorCrcs.of(data);
            long at = record.offset();
            while (data.hasRemaining()) {
                at += channel.write(data, at);
            }
            written.written(record.offset(), sums);
            bytes += record.length();
        }
        channel.force(false);
        return bytes;
    }

    /** Forces the device once more; parts after this are acknowledged without being written. */
    public void seal() throws IOException {
        device.get().force(false);
        sealed = true;
    }

    public boolean sealed() {
        return sealed;
    }

    /** Reads back every sector written since the delta began and compares it with the sums kept when it was written. */
    public Verification verifyWritten() throws IOException {
        long start = System.nanoTime();
        ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER);
        List<Verification.CorruptBlock> corrupt = new ArrayList<>();
        long corruptCount = 0;
        long checked = 0;
        for (WrittenSectors.Run run : written.runs()) {
            for (int s = 0; s < run.sums().length; ) {
                int sectors = Math.min(run.sums().length - s, READ_BUFFER / DeltaFormat.SECTOR_SIZE);
                long offset = run.offset() + (long) s * DeltaFormat.SECTOR_SIZE;
                buffer.clear().limit(sectors * DeltaFormat.SECTOR_SIZE);
                device.readFully(buffer, offset);
                int[] actual = SectorCrcs.of(buffer.flip());
                for (int i = 0; i < sectors; i++) {
                    if (actual[i] != run.sums()[s + i]) {
                        long at = offset + (long) i * DeltaFormat.SECTOR_SIZE;
                        if (corrupt.size() < Verification.LISTED) {
                            corrupt.add(new Verification.CorruptBlock(at / DeltaFormat.SECTOR_SIZE, at, 1,
                                    config.devicePath().toString()));
                        }
                        corruptCount++;
                    }
                }
                checked += (long) sectors * DeltaFormat.SECTOR_SIZE;
                s += sectors;
            }
        }
        return new Verification(config.volumeId(), null, "crc32c", null, checked, DeltaFormat.SECTOR_SIZE,
                corruptCount == 0, corruptCount, corrupt, (System.nanoTime() - start) / 1_000_000);
    }

    void close(@Observes ShutdownEvent shutdown) throws IOException {
        device.close();
    }
}
