package io.datamover.transfer.sender;

import io.datamover.events.EventPublisher;
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
import io.datamover.transfer.peer.TransferStatus;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Ships one changed set to one target: begin, send every chunk the target does not hold verified
 * over parallel streams, commit with the delta's digest. A failed attempt is retried after a backoff,
 * first asking the target which chunks it already has, so that a transfer resumes where it stopped.
 */
final class Shipper {

    private static final Logger LOG = Logger.getLogger(Shipper.class);

    /** What became of a transfer that did not fail. */
    record Shipped(boolean alreadyApplied, Optional<CommitResult> commit) {
    }

    /** How chunks are read and sent. */
    record Settings(long chunkBytes, int streams, int maxAttempts, Backoff backoff) {
    }

    private final String site;
    private final ChunkReader reader;
    private final EventPublisher publisher;
    private final Bandwidth bandwidth;
    private final Settings settings;

    Shipper(String site, ChunkReader reader, EventPublisher publisher, Bandwidth bandwidth, Settings settings) {
        this.site = site;
        this.reader = reader;
        this.publisher = publisher;
        this.bandwidth = bandwidth;
        this.settings = settings;
    }

    /** @throws TransferException when the transfer cannot finish, after the last attempt if trying again could help */
    Shipped ship(ChangedSet set, String target, PeerClient peer) {
        Transfer transfer = new Transfer(set, target, peer,
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
        private final List<Chunk> chunks;
        private final Progress progress;
        private final ChunkDigests digest;

        Transfer(ChangedSet set, String target, PeerClient peer, List<Chunk> chunks) {
            this.set = set;
            this.target = target;
            this.peer = peer;
            this.chunks = chunks;
            this.progress = new Progress(site, target, set, chunks, publisher);
            this.digest = new ChunkDigests(chunks.size());
        }

        Shipped attempt(int attempt) {
            Optional<Set<Integer>> verified = attempt == 1 ? begin() : resume();
            if (verified.isEmpty()) {
                LOG.infof("site %s already holds %s", target, set.describe());
                return new Shipped(true, Optional.empty());
            }
            progress.held(verified.get());
            new Streams(set, target, peer, reader, bandwidth, progress, digest)
                    .send(chunks, verified.get(), settings.streams());
            CommitResult result = peer.commit(set.volumeId(), set.snapshot(), digest.hex());
            LOG.infof("shipped %s to site %s: %s, %d bytes applied", set.describe(), target, progress.summary(),
                    result.appliedBytes());
            return new Shipped(false, Optional.of(result));
        }

        /** Announces the delta; empty when the target already holds the snapshot. */
        private Optional<Set<Integer>> begin() {
            BeginResponse response = peer.begin(set.volumeId(), set.snapshot(), new BeginRequest(site,
                    set.baseSnapshot(), set.volumeBytes(), set.blockSize(), chunks.size(), progress.bytesTotal(),
                    set.snapshotTakenAt()));
            return response.alreadyApplied() ? Optional.empty() : Optional.of(new HashSet<>(response.chunksVerified()));
        }

        /** Asks the target what it holds; begins again if it has forgotten the transfer. */
        private Optional<Set<Integer>> resume() {
            TransferStatus status;
            try {
                status = peer.status(set.volumeId(), set.snapshot());
            } catch (TransferException e) {
                if (e.reason() == Reason.UNKNOWN_TRANSFER) {
                    return begin();
                }
                throw e;
            }
            LOG.infof("resuming %s to site %s: it holds %d of %d chunks verified", set.describe(), target,
                    status.chunksVerified().size(), chunks.size());
            return status.applied() ? Optional.empty() : Optional.of(new HashSet<>(status.chunksVerified()));
        }
    }
}
