package io.datamover.transfer.sender;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.BlockStoreException;
import io.datamover.blockstore.api.DeltaFormat;
import io.datamover.blockstore.api.ExtentLocations;
import io.datamover.events.Extent;
import io.datamover.transfer.domain.Chunk;
import io.datamover.transfer.domain.ChunkSums;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Where the chunks of one transfer lie in the local store's files, for sending them zero-copy: the store names the
 * files and the checksums of the bytes ({@code POST .../locate}), this service opens the files read-only and hands
 * them to the socket ({@link FileChannel#transferTo}). Files stay open for the transfer's attempt. A file deleted
 * since the store named it (a later snapshot's, by retention) sends its chunk through the store's API. When the
 * store's files cannot be opened here at all (another host, no permission), it says so once and every chunk is read
 * through the store's API instead.
 */
final class ChunkFiles implements Closeable {

    private static final Logger LOG = Logger.getLogger(ChunkFiles.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private final BlockStoreClient store;
    private final Map<String, FileChannel> open = new ConcurrentHashMap<>();
    private volatile boolean unusable;

    ChunkFiles(BlockStoreClient store) {
        this.store = store;
    }

    /** Locates the chunk's bytes; empty when they cannot be sent from the files, so that they are read instead. */
    Optional<Located> locate(String volumeId, long snapshot, Chunk chunk) {
        if (unusable) {
            return Optional.empty();
        }
        ExtentLocations locations;
        try {
            locations = store.locate(volumeId, snapshot, chunk.extents());
        } catch (BlockStoreException e) {
            LOG.debugf("cannot locate chunk %d of snapshot %d of volume %s in the store's files, reading it: %s",
                    chunk.index(), snapshot, volumeId, e.getMessage());
            return Optional.empty();
        }
        List<FileChannel> files = new ArrayList<>();
        for (String file : locations.files()) {
            try {
                files.add(open.computeIfAbsent(file, ChunkFiles::openReadOnly));
            } catch (UncheckedOpenFailure e) {
                if (e.getCause() instanceof NoSuchFileException) {
                    // a later snapshot's copy-on-write file, deleted since the store answered: read this one
                    LOG.debugf("the store's file %s is gone, reading chunk %d of snapshot %d of volume %s", file,
                            chunk.index(), snapshot, volumeId);
                    return Optional.empty();
                }
                unusable = true;
                if (WARNED.compareAndSet(false, true)) {
                    LOG.warnf("cannot open the store's file %s (%s): chunks are read through the store's API, not"
                            + " sent zero-copy", file, e.getCause());
                }
                return Optional.empty();
            }
        }
        List<Part> parts = new ArrayList<>();
        for (ExtentLocations.Segment segment : locations.segments()) {
            parts.add(new Part(files.get(segment.file()), segment.fileOffset(), segment.volumeOffset(),
                    segment.length()));
        }
        return Optional.of(new Located(chunk, ChunkSums.of(chunk.extents(), ByteBuffer.wrap(locations.sums())),
                parts));
    }

    @Override
    public void close() {
        for (FileChannel file : open.values()) {
            try {
                file.close();
            } catch (IOException e) {
                // read-only: nothing is lost
            }
        }
        open.clear();
    }

    private static FileChannel openReadOnly(String file) {
        try {
            return FileChannel.open(Path.of(file), StandardOpenOption.READ);
        } catch (IOException | SecurityException e) {
            throw new UncheckedOpenFailure(e);
        }
    }

    private static final class UncheckedOpenFailure extends RuntimeException {

        UncheckedOpenFailure(Exception cause) {
            super(cause);
        }
    }

    /** {@code length} bytes of the volume from {@code volumeOffset} lie in {@code file} from {@code position}. */
    private record Part(FileChannel file, long position, long volumeOffset, long length) {
    }

    /** A chunk located in the files, with its sums as the store keeps them. */
    static final class Located {

        private final Chunk chunk;
        private final ChunkSums sums;
        private final List<Part> parts;

        private Located(Chunk chunk, ChunkSums sums, List<Part> parts) {
            this.chunk = chunk;
            this.sums = sums;
            this.parts = List.copyOf(parts);
        }

        ChunkSums sums() {
            return sums;
        }

        /** Reads the chunk's first data bytes, at most {@code max}, to tell whether it is worth compressing. */
        byte[] sample(int max) throws IOException {
            ByteBuffer sample = ByteBuffer.allocate((int) Math.min(max, chunk.dataBytes()));
            for (Part part : parts) {
                if (!sample.hasRemaining()) {
                    break;
                }
                ByteBuffer slice = sample.slice(sample.position(), (int) Math.min(sample.remaining(), part.length()));
                readFully(part.file(), slice, part.position());
                sample.position(sample.position() + slice.capacity());
            }
            return sample.array();
        }

        /**
         * Writes the chunk framed as a delta: each extent's record header from memory, its bytes from the files
         * straight to the channel.
         */
        void writeTo(WritableByteChannel channel) throws IOException {
            ByteBuffer header = ByteBuffer.allocate(DeltaFormat.HEADER_LENGTH);
            int next = 0;
            long inPart = 0;
            for (Extent extent : chunk.extents()) {
                header.clear();
                header.putLong(extent.offset()).putInt((int) extent.length()).flip();
                while (header.hasRemaining()) {
                    channel.write(header);
                }
                long remaining = extent.length();
                while (remaining > 0) {
                    Part part = parts.get(next);
                    long length = Math.min(remaining, part.length() - inPart);
                    transfer(part.file(), part.position() + inPart, length, channel);
                    remaining -= length;
                    inPart += length;
                    if (inPart == part.length()) {
                        next++;
                        inPart = 0;
                    }
                }
            }
        }

        private static void transfer(FileChannel file, long position, long length, WritableByteChannel channel)
                throws IOException {
            long done = 0;
            while (done < length) {
                long sent = file.transferTo(position + done, length - done, channel);
                if (sent <= 0 && position + done >= file.size()) {
                    throw new IOException("the store's file ends at " + file.size() + ", before byte "
                            + (position + done) + " of the chunk");
                }
                done += Math.max(sent, 0);
            }
        }

        private static void readFully(FileChannel file, ByteBuffer into, long position) throws IOException {
            long at = position;
            while (into.hasRemaining()) {
                int read = file.read(into, at);
                if (read < 0) {
                    throw new IOException("the store's file ends at " + file.size() + ", before byte " + at);
                }
                at += read;
            }
        }
    }
}
