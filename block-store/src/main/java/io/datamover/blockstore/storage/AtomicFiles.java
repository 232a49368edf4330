package io.datamover.blockstore.storage;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.roaringbitmap.RoaringBitmap;

/** Small files replaced whole and durably: written to a temporary file, fsynced, renamed over the old one. */
final class AtomicFiles {

    private AtomicFiles() {
    }

    static void write(Path target, byte[] content) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, CREATE, WRITE, TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(target.getParent());
    }

    /** Makes the creation, renaming or deletion of the directory's entries durable. */
    static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, READ)) {
            channel.force(true);
        }
    }

    static void writeBitmap(Path target, RoaringBitmap bitmap) throws IOException {
        RoaringBitmap compact = bitmap.clone();
        compact.runOptimize();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(compact.serializedSizeInBytes());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            compact.serialize(out);
        }
        write(target, bytes.toByteArray());
    }

    /** The bitmap in {@code source}, empty if there is no such file. */
    static RoaringBitmap readBitmap(Path source) throws IOException {
        RoaringBitmap bitmap = new RoaringBitmap();
        if (Files.exists(source)) {
            try (InputStream in = Files.newInputStream(source); DataInputStream data = new DataInputStream(in)) {
                bitmap.deserialize(data);
            }
        }
        return bitmap;
    }
}
