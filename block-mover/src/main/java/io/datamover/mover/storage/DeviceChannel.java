package io.datamover.mover.storage;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * The mover's device, opened once on first use with the given options; used with positional reads and writes, so
 * that requests use it in parallel without sharing a position.
 */
final class DeviceChannel implements AutoCloseable {

    private final Path path;
    private final OpenOption[] options;
    private volatile FileChannel channel;

    DeviceChannel(Path path, OpenOption... options) {
        this.path = path;
        this.options = options.clone();
    }

    FileChannel get() {
        FileChannel open = channel;
        if (open == null) {
            synchronized (this) {
                if (channel == null) {
                    try {
                        channel = FileChannel.open(path, options);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot open " + path, e);
                    }
                }
                open = channel;
            }
        }
        return open;
    }

    /** Fills {@code into} from byte {@code position} of the device. */
    void readFully(ByteBuffer into, long position) throws IOException {
        FileChannel device = get();
        long at = position;
        while (into.hasRemaining()) {
            int read = device.read(into, at);
            if (read < 0) {
                throw new EOFException("the device " + path + " ends before byte " + at);
            }
            at += read;
        }
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }
}
