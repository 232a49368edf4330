package io.datamover.mover.storage;

import io.datamover.blockstore.api.DeltaFormat;
import io.datamover.events.Extent;
import io.datamover.mover.config.MoverConfig;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The snapshot's block device, opened read-only once; read with positional reads, so that requests read it in
 * parallel without sharing a position.
 */
@ApplicationScoped
public class SnapshotDevice {

    private final MoverConfig config;
    private volatile FileChannel channel;

    public SnapshotDevice(MoverConfig config) {
        this.config = config;
    }

    /**
     * The extents framed as a delta ({@link DeltaFormat}), in the order given: each record's header, then its bytes
     * read straight into the answer. The caller checked the extents.
     */
    public byte[] readFramed(List<Extent> extents, long dataBytes) throws IOException {
        ByteBuffer framed = ByteBuffer.allocate(Math.toIntExact(dataBytes
                + (long) extents.size() * DeltaFormat.HEADER_LENGTH));
        FileChannel device = channel();
        for (Extent extent : extents) {
            framed.putLong(extent.offset()).putInt(Math.toIntExact(extent.length()));
            ByteBuffer data = framed.slice(framed.position(), Math.toIntExact(extent.length()));
            readFully(device, data, extent.offset());
            framed.position(framed.position() + data.capacity());
        }
        return framed.array();
    }

    private FileChannel channel() {
        FileChannel open = channel;
        if (open == null) {
            synchronized (this) {
                if (channel == null) {
                    try {
                        channel = FileChannel.open(config.devicePath(), StandardOpenOption.READ);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot open " + config.devicePath() + " to read", e);
                    }
                }
                open = channel;
            }
        }
        return open;
    }

    private static void readFully(FileChannel device, ByteBuffer into, long position) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int read = device.read(into, at);
            if (read < 0) {
                throw new EOFException("the device ends before byte " + at);
            }
            at += read;
        }
    }

    void close(@Observes ShutdownEvent shutdown) throws IOException {
        if (channel != null) {
            channel.close();
        }
    }
}
