package io.datamover.transfer.sender;

import io.datamover.transfer.domain.DeltaDigest;
import io.datamover.transfer.domain.TransferException;
import io.datamover.transfer.domain.TransferException.Reason;

/**
 * Feeds chunk bodies into the delta's digest in chunk order while streams read them out of order: a
 * stream waits its chunk's turn. Chunks are handed out in order, so the one being waited for is always
 * held by another stream. Survives the attempts of a transfer: a chunk hashed once is not hashed again.
 */
final class DigestChain {

    private final DeltaDigest digest = new DeltaDigest();
    private int next;
    private RuntimeException abortedBy;
    private String hex;

    /** Whether chunk {@code k} still has to be fed. */
    synchronized boolean needs(int k) {
        return k >= next;
    }

    /** Feeds chunk {@code k} once every chunk before it is in; a chunk already fed is ignored. */
    synchronized void add(int k, byte[] body) {
        while (k > next && abortedBy == null) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransferException(Reason.PEER_UNREACHABLE, null, "interrupted while hashing chunk " + k, e);
            }
        }
        if (k > next) {
            throw abortedBy;
        }
        if (k == next) {
            digest.update(body, 0, body.length);
            next++;
            notifyAll();
        }
    }

    /** Wakes the streams waiting for a chunk that will not come in this attempt. */
    synchronized void abort(RuntimeException cause) {
        abortedBy = cause;
        notifyAll();
    }

    /** Lets the next attempt feed the chunks not fed yet. */
    synchronized void resume() {
        abortedBy = null;
    }

    /** @param chunkCount chunks of the delta, all of which must have been fed */
    synchronized String hex(int chunkCount) {
        if (next != chunkCount) {
            throw new IllegalStateException("the delta digest covers " + next + " of " + chunkCount + " chunks");
        }
        if (hex == null) {
            hex = digest.hex();
        }
        return hex;
    }
}
