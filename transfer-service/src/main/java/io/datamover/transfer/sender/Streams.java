package io.datamover.transfer.sender;

import io.datamover.transfer.dataplane.DataPlaneClient;
import io.datamover.transfer.domain.ChangedSet;
import io.datamover.transfer.domain.Chunk;
import io.datamover.transfer.domain.ChunkSums;
import io.datamover.transfer.domain.Compression;
import io.datamover.transfer.domain.TransferException;
import io.datamover.transfer.domain.TransferException.Reason;
import io.datamover.transfer.peer.ChunkHeader;
import io.datamover.transfer.peer.PeerClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * One attempt's chunks over parallel streams: a pool of {@code streams} threads takes the chunks in volume order;
 * each sends its chunk and waits for the target's receipt before it takes the next. A stream sends over its own
 * connection to the target's data plane when the target has one, else as HTTP PUTs. Where the link is not encrypted
 * and the chunk's bytes lie in the local store's files, it goes from the files to the socket without being read
 * (zero-copy), with the checksums the store keeps; otherwise it is read through the store's API, its checksums
 * computed, and compressed where that pays. The first failure stops the hand-out; the chunks in flight finish, so
 * at most one chunk per stream may have reached the target unacknowledged.
 */
final class Streams {

    private static final Logger LOG = Logger.getLogger(Streams.class);

    private static final AtomicInteger POOLS = new AtomicInteger();
    /** Sends of one located chunk whose bytes no longer match the store's checksums, before it is read instead. */
    private static final int LOCATED_SENDS = 2;

    private final ChangedSet set;
    private final String target;
    private final PeerClient peer;
    private final Optional<DataPlaneClient> plane;
    private final ChunkReader reader;
    private final ChunkFiles files;
    private final Bandwidth bandwidth;
    private final Progress progress;
    private final ChunkDigests digest;
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final AtomicLong zeroCopied = new AtomicLong();

    /** @param files where chunks are located for zero-copy, null to read every chunk through the store's API */
    Streams(ChangedSet set, String target, PeerClient peer, Optional<DataPlaneClient> plane, ChunkReader reader,
            ChunkFiles files, Bandwidth bandwidth, Progress progress, ChunkDigests digest) {
        this.set = set;
        this.target = target;
        this.peer = peer;
        this.plane = plane;
        this.reader = reader;
        this.files = files;
        this.bandwidth = bandwidth;
        this.progress = progress;
        this.digest = digest;
    }

    /** Chunks sent from the store's files without being read. */
    long zeroCopied() {
        return zeroCopied.get();
    }

    /** Sends every chunk not {@code verified}, and finds the digests of the verified ones the delta still lacks. */
    void send(List<Chunk> chunks, Set<Integer> verified, int streams) {
        Queue<Chunk> work = new ConcurrentLinkedQueue<>(chunks.stream()
                .filter(c -> !verified.contains(c.index()) || digest.needs(c.index())).toList());
        if (work.isEmpty()) {
            return;
        }
        int threads = Math.min(streams, work.size());
        int pool = POOLS.incrementAndGet();
        AtomicInteger thread = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "ship-" + pool + "-" + thread.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                running.add(executor.submit(() -> drain(work, verified)));
            }
            for (Future<?> stream : running) {
                await(stream);
            }
        } finally {
            executor.shutdownNow();
        }
        RuntimeException failed = failure.get();
        if (failed != null) {
            throw failed;
        }
    }

    private void drain(Queue<Chunk> work, Set<Integer> verified) {
        try (Link link = new Link()) {
            for (Chunk chunk = work.poll(); chunk != null && failure.get() == null; chunk = work.poll()) {
                ship(link, chunk, verified.contains(chunk.index()));
            }
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    private void ship(Link link, Chunk chunk, boolean verified) {
        long start = System.nanoTime();
        if (files != null && link.zeroCopy()) {
            Optional<ChunkFiles.Located> located = files.locate(set.volumeId(), set.snapshot(), chunk);
            if (located.isPresent()) {
                digest.add(chunk.index(), located.get().sums().digest());
                if (verified || (!compressible(located.get()) && sendLocated(link, chunk, located.get(), start))) {
                    return;
                }
            }
        }
        byte[] body = reader.read(set.volumeId(), set.snapshot(), chunk);
        long read = System.nanoTime();
        ChunkSums sums = ChunkSums.of(body);
        digest.add(chunk.index(), sums.digest());
        if (verified) {
            return;
        }
        String checksum = sums.checksum();
        Optional<byte[]> compressed = Compression.compress(body);
        byte[] wire = compressed.orElse(body);
        long prepared = System.nanoTime();
        acquire(wire.length);
        link.send(header(chunk, wire.length, checksum, compressed.isPresent()), wire);
        progress.shipped(chunk.index(), body.length, wire.length, checksum);
        if (LOG.isDebugEnabled()) {
            LOG.debugf("chunk %d of %s to site %s: %d bytes, read %d ms, checksums and compression %d ms, sent and"
                    + " acknowledged %d ms", chunk.index(), set.describe(), target, body.length, millis(start, read),
                    millis(read, prepared), millis(prepared, System.nanoTime()));
        }
    }

    private static boolean compressible(ChunkFiles.Located located) {
        try {
            return Compression.samplePays(located.sample(Compression.SAMPLE_BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends a located chunk from the files. A workload write may have replaced located bytes since the store
     * located them: the target then finds they do not match the checksums and refuses the chunk, and it is located
     * again. Returns false when that happened {@value #LOCATED_SENDS} times, so that it is read instead.
     */
    private boolean sendLocated(Link link, Chunk chunk, ChunkFiles.Located first, long start) {
        ChunkFiles.Located located = first;
        int framed = Math.toIntExact(chunk.framedBytes());
        String checksum = located.sums().checksum();
        for (int send = 1; ; send++) {
            acquire(framed);
            try {
                link.sendLocated(header(chunk, framed, checksum, false), located);
                zeroCopied.incrementAndGet();
                progress.shipped(chunk.index(), framed, framed, checksum);
                if (LOG.isDebugEnabled()) {
                    LOG.debugf("chunk %d of %s to site %s: %d bytes zero-copy, sent and acknowledged %d ms",
                            chunk.index(), set.describe(), target, framed, millis(start, System.nanoTime()));
                }
                return true;
            } catch (TransferException e) {
                if (e.reason() != Reason.CHECKSUM_MISMATCH) {
                    throw e;
                }
                Optional<ChunkFiles.Located> again = send < LOCATED_SENDS
                        ? files.locate(set.volumeId(), set.snapshot(), chunk) : Optional.empty();
                if (again.isEmpty()) {
                    LOG.warnf("chunk %d of %s: the bytes in the store's files differed from its checksums %d times"
                            + " (%s); reading it through the store's API", chunk.index(), set.describe(), send,
                            e.getMessage());
                    return false;
                }
                located = again.get();
            }
        }
    }

    private ChunkHeader header(Chunk chunk, long bodyBytes, String checksum, boolean compressed) {
        return new ChunkHeader(set.volumeId(), set.snapshot(), chunk.index(), bodyBytes, checksum,
                compressed ? Compression.ZSTD : null);
    }

    private void acquire(long bytes) {
        try {
            bandwidth.acquire(target, bytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransferException(Reason.PEER_UNREACHABLE, null, "interrupted while waiting for bandwidth"
                    + " to site " + target, e);
        }
    }

    private static long millis(long from, long to) {
        return (to - from) / 1_000_000;
    }

    private void await(Future<?> stream) {
        try {
            stream.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.compareAndSet(null, new TransferException(Reason.PEER_UNREACHABLE, null,
                    "interrupted while shipping " + set.describe() + " to site " + target, e));
        } catch (ExecutionException e) {
            failure.compareAndSet(null, new IllegalStateException("a stream shipping " + set.describe()
                    + " failed", e.getCause()));
        }
    }

    /** One stream's way to the target: its own data plane connection, opened at its first chunk, or HTTP. */
    private final class Link implements AutoCloseable {

        private DataPlaneClient.Connection connection;

        boolean zeroCopy() {
            return plane.isPresent() && !plane.get().encrypted();
        }

        void send(ChunkHeader header, byte[] wire) {
            if (plane.isEmpty()) {
                peer.putChunk(header.volumeId(), header.snapshot(), header.chunk(), wire, header.checksum(),
                        header.encoding() != null);
            } else {
                connection().send(header, wire);
            }
        }

        void sendLocated(ChunkHeader header, ChunkFiles.Located located) {
            connection().sendFrom(header, located::writeTo);
        }

        private DataPlaneClient.Connection connection() {
            if (connection == null) {
                connection = plane.orElseThrow().connect();
            }
            return connection;
        }

        @Override
        public void close() {
            if (connection != null) {
                connection.close();
            }
        }
    }
}
