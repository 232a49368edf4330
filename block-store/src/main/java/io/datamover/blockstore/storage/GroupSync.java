package io.datamover.blockstore.storage;

import java.io.IOException;

/**
 * Group commit: callers take a ticket after writing, then wait until a sync that started after the ticket was
 * issued has finished. One caller runs the sync for everyone waiting, so concurrent writers share one fsync.
 */
final class GroupSync {

    private final SyncAction sync;
    private long issued;
    private long synced;
    private boolean syncing;

    GroupSync(SyncAction sync) {
        this.sync = sync;
    }

    /** A ticket covering everything written before this call. */
    synchronized long issue() {
        return ++issued;
    }

    /** The latest ticket issued: covers everything written before any earlier {@link #issue()}. */
    synchronized long lastIssued() {
        return issued;
    }

    /** Returns once everything written before {@code ticket} was issued is durable. */
    void await(long ticket) throws IOException {
        long upTo;
        synchronized (this) {
            while (synced < ticket && syncing) {
                waitUninterruptibly();
            }
            if (synced >= ticket) {
                return;
            }
            syncing = true;
            upTo = issued;
        }
        boolean done = false;
        try {
            sync.run();
            done = true;
        } finally {
            synchronized (this) {
                syncing = false;
                if (done) {
                    synced = Math.max(synced, upTo);
                }
                notifyAll();
            }
        }
    }

    private void waitUninterruptibly() {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a sync", e);
        }
    }

    interface SyncAction {
        void run() throws IOException;
    }
}
