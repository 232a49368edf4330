package io.datamover.transfer.sender;

import io.datamover.events.ChunkShipped;
import io.datamover.events.EventPublisher;
import io.datamover.transfer.domain.ChangedSet;
import io.datamover.transfer.domain.Chunk;
import io.datamover.transfer.domain.ChunkPlanner;
import java.util.List;
import java.util.Set;

/**
 * The progress of one transfer, shared by its streams and kept across its attempts: counts what was
 * sent and publishes {@code chunk-shipped} one event at a time. Bytes done are those of the chunks the
 * target has staged at some point, so they only grow, even when a chunk is sent twice.
 */
final class Progress {

    private final String site;
    private final String target;
    private final ChangedSet set;
    private final List<Chunk> chunks;
    private final boolean[] done;
    private final long bytesTotal;
    private final EventPublisher publisher;
    private int chunksSent;
    private long bytesSent;
    private long wireBytes;
    private long bytesDone;

    Progress(String site, String target, ChangedSet set, List<Chunk> chunks, EventPublisher publisher) {
        this.site = site;
        this.target = target;
        this.set = set;
        this.chunks = chunks;
        this.done = new boolean[chunks.size()];
        this.bytesTotal = ChunkPlanner.framedBytes(chunks);
        this.publisher = publisher;
    }

    long bytesTotal() {
        return bytesTotal;
    }

    /** Counts the chunks the target holds verified as done. */
    synchronized void held(Set<Integer> verified) {
        verified.forEach(this::markDone);
    }

    /**
     * Records a chunk the target received and publishes its {@code chunk-shipped} without waiting for the broker, so
     * streams do not queue behind it; events leave in the order of their {@code bytesDone}.
     */
    synchronized void shipped(int chunk, int bytes, int wire, String checksum) {
        chunksSent++;
        bytesSent += bytes;
        wireBytes += wire;
        markDone(chunk);
        publisher.publishWithoutWaiting(ChunkShipped.of(site, target, set.volumeId(), set.snapshot(), chunk, chunks.size(), bytes,
                checksum, bytesDone, bytesTotal));
    }

    private void markDone(int chunk) {
        if (!done[chunk]) {
            done[chunk] = true;
            bytesDone += chunks.get(chunk).framedBytes();
        }
    }

    synchronized String summary() {
        return chunksSent + " chunks sent, " + bytesSent + " bytes in them, " + wireBytes + " bytes on the wire";
    }
}
