package io.datamover.mover.storage;

import io.datamover.blockstore.api.DeltaFormat;
import io.datamover.events.Extent;
import io.datamover.mover.config.MoverConfig;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The snapshot's block device, opened read-only once; read with positional reads, so that requests read it in
 * parallel without sharing a position.
 */
@ApplicationScoped
public class SnapshotDevice {

    private final DeviceChannel device;

    public SnapshotDevice(MoverConfig config) {
        this.device = new DeviceChannel(config.devicePath(), StandardOpenOption.READ);
    }

    /**
     * The extents framed as a delta ({@link DeltaFormat}), in the order given: each record's header, then its bytes
     * read straight into the answer. The caller checked the extents.
     */
    public byte[] readFramed(List<Extent> extents, long dataBytes) throws IOException {
        ByteBuffer framed = ByteBuffer.allocate(Math.toIntExact(dataBytes
                + (long) extents.size() * DeltaFormat.HEADER_LENGTH));
        for (Extent extent : extents) {
            framed.putLong(extent.offset()).putInt(Math.toIntExact(extent.length()));
            ByteBuffer data = framed.slice(framed.position(), Math.toIntExact(extent.length()));
            device.readFully(data, extent.offset());
            framed.position(framed.position() + data.capacity());
        }
        return framed.array();
    }

    void close(@Observes ShutdownEvent shutdown) throws IOException {
        device.close();
    }
}
