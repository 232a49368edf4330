package io.datamover.transfer.sender;

import io.datamover.events.EventPublisher;
import io.datamover.transfer.dataplane.DataPlaneClient;
import io.datamover.transfer.domain.Backoff;
import io.datamover.transfer.domain.ChangedSet;
import io.datamover.transfer.domain.Chunk;
import io.datamover.transfer.domain.ChunkPlanner;
import io.datamover.transfer.domain.TransferException;
import io.datamover.transfer.domain.TransferException.Reason;
import io.datamover.transfer.peer.BeginRequest;
import io.datamover.transfer.peer.BeginResponse;
import io.datamover.transfer.peer.CommitResult;
import io.datamover.transfer.peer.PeerClient;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Ships one changed set to one target: begin, send every chunk the target does not hold verified
 * over parallel streams, commit with the delta's digest. A failed attempt is retried after a backoff,
 * beginning again: the target names the chunks it already holds, so that a transfer resumes where it stopped.
 */
final class Shipper {

    private static final Logger LOG = Logger.getLogger(Shipper.class);

    /** What became of a transfer that did not fail. */
    record Shipped(boolean alreadyApplied, Optional<CommitResult> commit) {
    }

    /**
     * How chunks are read and sent.
     *
     * @param zeroCopy whether chunks lying in the store's files are sent from them over an unencrypted data plane
     */
    record Settings(long chunkBytes, int streams, int maxAttempts, Backoff backoff, boolean zeroCopy) {
    }

    private final String site;
    private final EventPublisher publisher;
    private final Bandwidth bandwidth;
    private final Settings settings;
    private final AtomicLong zeroCopiedTotal = new AtomicLong();

    Shipper(String site, EventPublisher publisher, Bandwidth bandwidth, Settings settings) {
        this.site = site;
        this.publisher = publisher;
        this.bandwidth = bandwidth;
        this.settings = settings;
    }

    /** Chunks sent from the store's files without being read, since the service started. */
    long zeroCopied() {
        return zeroCopiedTotal.get();
    }

    /** @throws TransferException when the transfer cannot finish, after the last attempt if trying again could help */
    Shipped ship(ChangedSet set, String target, PeerClient peer, OpenSnapshot snapshot) {
        Transfer transfer = new Transfer(set, target, peer, snapshot,
                ChunkPlanner.plan(set.extents(), settings.chunkBytes()));
        int maxAttempts = settings.maxAttempts();
        for (int attempt = 1; ; attempt++) {
            try {
                return transfer.attempt(attempt);
            } catch (TransferException e) {
                if (!e.reason().retryable() || attempt >= maxAttempts) {
                    throw new TransferException(e.reason(), e.field(), "cannot ship " + set.describe() + " to site "
                            + target + " (attempt " + attempt + " of " + maxAttempts + "): " + e.getMessage(), e);
                }
                Duration delay = settings.backoff().delayAfter(attempt);
                LOG.warnf("attempt %d of %d to ship %s to site %s failed, trying again in %d ms: %s", attempt,
                        maxAttempts, set.describe(), target, delay.toMillis(), e.getMessage());
                pause(delay, set, target);
            }
        }
    }

    private static void pause(Duration delay, ChangedSet set, String target) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransferException(Reason.PEER_UNREACHABLE, null, "interrupted while waiting to ship "
                    + set.describe() + " to site " + target, e);
        }
    }

    /** The state of one transfer across its attempts. */
    private final class Transfer {

        private final ChangedSet set;
        private final String target;
        private final PeerClient peer;
        private final OpenSnapshot snapshot;
        private final ChunkReader reader;
        private final List<Chunk> chunks;
        private final Progress progress;
        private final ChunkDigests digest;
        /** The target's data plane, as its begin announced it; empty until then or when it has none. */
        private Optional<DataPlaneClient> plane = Optional.empty();

        Transfer(ChangedSet set, String target, PeerClient peer, OpenSnapshot snapshot, List<Chunk> chunks) {
            this.set = set;
            this.target = target;
            this.peer = peer;
            this.snapshot = snapshot;
            this.reader = new ChunkReader(snapshot.reader());
            this.chunks = chunks;
            this.progress = new Progress(site, target, set, chunks, publisher);
            this.digest = new ChunkDigests(chunks.size());
        }

        Shipped attempt(int attempt) {
            Optional<Set<Integer>> verified = begin();
            if (verified.isEmpty()) {
                LOG.infof("site %s already holds %s", target, set.describe());
                return new Shipped(true, Optional.empty());
            }
            if (attempt > 1) {
                LOG.infof("resuming %s to site %s: it holds %d of %d chunks verified", set.describe(), target,
                        verified.get().size(), chunks.size());
            }
            progress.held(verified.get());
            long zeroCopied;
            try (ChunkFiles files = new ChunkFiles(snapshot.reader())) {
                boolean locate = settings.zeroCopy() && snapshot.locatable();
                Streams streams = new Streams(set, target, peer, plane, reader, locate ? files : null, bandwidth,
                        progress, digest);
                try {
                    streams.send(chunks, verified.get(), settings.streams());
                } finally {
                    zeroCopiedTotal.addAndGet(streams.zeroCopied());
                }
                zeroCopied = streams.zeroCopied();
            }
            CommitResult result = peer.commit(set.volumeId(), set.snapshot(), digest.hex());
            LOG.infof("shipped %s to site %s: %s (%d of them zero-copy, over %s), %d bytes applied", set.describe(),
                    target, progress.summary(), zeroCopied, plane.isPresent() ? "the data plane" : "HTTP",
                    result.appliedBytes());
            return new Shipped(false, Optional.of(result));
        }

        /**
         * Announces the delta, or again on a later attempt: the target keeps the chunks it holds verified for the
         * same delta and names them, and names its data plane's port, which a restart may have changed. Empty when
         * the target already holds the snapshot.
         */
        private Optional<Set<Integer>> begin() {
            BeginResponse response = peer.begin(set.volumeId(), set.snapshot(), new BeginRequest(site,
                    set.baseSnapshot(), set.volumeBytes(), set.blockSize(), chunks.size(), progress.bytesTotal(),
                    set.snapshotTakenAt()));
            plane = Optional.ofNullable(response.dataPort()).map(peer::dataPlane);
            return response.alreadyApplied() ? Optional.empty() : Optional.of(new HashSet<>(response.chunksVerified()));
        }
    }
}
