package io.datamover.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Damages files behind their owner's back, as a failing disk or a stray write would: for integrity tests. */
public final class FileDamage {

    private FileDamage() {
    }

    /** Flips bits of the byte at {@code position} of {@code file}. */
    public static void flipByte(Path file, long position) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            if (channel.read(one, position) != 1) {
                throw new IOException("no byte at " + position + " of " + file);
            }
            one.put(0, (byte) (one.get(0) ^ 0x5a)).rewind();
            channel.write(one, position);
        }
    }
}
