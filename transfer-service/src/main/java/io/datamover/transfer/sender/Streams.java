package io.datamover.transfer.sender;

import io.datamover.transfer.domain.ChangedSet;
import io.datamover.transfer.domain.Checksums;
import io.datamover.transfer.domain.Chunk;
import io.datamover.transfer.domain.Compression;
import io.datamover.transfer.domain.TransferException;
import io.datamover.transfer.domain.TransferException.Reason;
import io.datamover.transfer.peer.PeerClient;
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
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * One attempt's chunks over parallel streams: a pool of {@code streams} threads takes the chunks in
 * volume order; each reads its chunk, hashes it for the delta digest, compresses it where that pays, waits
 * for the target's bandwidth, and PUTs it. The first failure stops the hand-out; the chunks in flight
 * finish, so at most one chunk per stream may have reached the target unacknowledged.
 */
final class Streams {

    private static final Logger LOG = Logger.getLogger(Streams.class);

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ChangedSet set;
    private final String target;
    private final PeerClient peer;
    private final ChunkReader reader;
    private final Bandwidth bandwidth;
    private final Progress progress;
    private final ChunkDigests digest;
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    Streams(ChangedSet set, String target, PeerClient peer, ChunkReader reader, Bandwidth bandwidth,
            Progress progress, ChunkDigests digest) {
        this.set = set;
        this.target = target;
        this.peer = peer;
        this.reader = reader;
        this.bandwidth = bandwidth;
        this.progress = progress;
        this.digest = digest;
    }

    /** Sends every chunk not {@code verified}, and reads the verified ones the digest still lacks. */
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
        for (Chunk chunk = work.poll(); chunk != null && failure.get() == null; chunk = work.poll()) {
            try {
                ship(chunk, verified.contains(chunk.index()));
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            }
        }
    }

    private void ship(Chunk chunk, boolean verified) {
        long start = System.nanoTime();
        byte[] body = reader.read(set.volumeId(), set.snapshot(), chunk);
        long read = System.nanoTime();
        digest.add(chunk.index(), body);
        if (verified) {
            return;
        }
        String checksum = Checksums.crc32c(body);
        Optional<byte[]> compressed = Compression.compress(body);
        byte[] wire = compressed.orElse(body);
        long prepared = System.nanoTime();
        try {
            bandwidth.acquire(target, wire.length);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransferException(Reason.PEER_UNREACHABLE, null, "interrupted while waiting for bandwidth"
                    + " to site " + target, e);
        }
        peer.putChunk(set.volumeId(), set.snapshot(), chunk.index(), wire, checksum, compressed.isPresent());
        progress.shipped(chunk.index(), body.length, wire.length, checksum);
        if (LOG.isDebugEnabled()) {
            LOG.debugf("chunk %d of %s to site %s: %d bytes, read %d ms, digests and compression %d ms, sent and"
                    + " acknowledged %d ms", chunk.index(), set.describe(), target, body.length, millis(start, read),
                    millis(read, prepared), millis(prepared, System.nanoTime()));
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
}
