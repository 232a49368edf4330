package io.datamover.blockstore.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.BlockStoreException;
import io.datamover.blockstore.api.SnapshotInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Random writes, snapshots and deletions against a block store until it dies, with what the store acknowledged:
 * the live content and every retained snapshot's content. The operation in flight when the store died is kept to
 * be settled after the restart, where either outcome is acceptable.
 */
final class CrashWorkload implements Runnable {

    private final String volumeId;
    private final Random random;
    private final byte[] live;
    private final NavigableMap<Long, byte[]> snapshots = new TreeMap<>();
    private final AtomicLong acknowledged = new AtomicLong();
    private volatile BlockStoreClient client;
    private volatile Operation inFlight;

    CrashWorkload(String volumeId, int sizeBytes, long seed) {
        this.volumeId = volumeId;
        this.random = new Random(seed);
        this.live = new byte[sizeBytes];
    }

    /** Runs against the store at {@code store} from now on. */
    void connect(BlockStoreClient store) {
        this.client = store;
    }

    /** Operations acknowledged so far, over all rounds. */
    long acknowledged() {
        return acknowledged.get();
    }

    /** Works until a call fails: the store was killed. */
    @Override
    public void run() {
        try {
            while (true) {
                perform(next());
            }
        } catch (BlockStoreException e) {
            // The store died with the operation in flight: settled after the restart.
        }
    }

    /** Takes a snapshot when none is retained, so that every crash has a snapshot before it. */
    void ensureSnapshot() {
        if (snapshots.isEmpty()) {
            perform(new Operation(Kind.SNAPSHOT, 0, null, 0));
        }
    }

    /** Takes a snapshot now and returns its number. */
    long snapshot() {
        perform(new Operation(Kind.SNAPSHOT, 0, null, 0));
        return snapshots.lastKey();
    }

    /** Accepts either outcome of the operation in flight at the crash, checking that it is one of them. */
    void settle() {
        Operation operation = inFlight;
        inFlight = null;
        if (operation == null) {
            return;
        }
        switch (operation.kind()) {
            case WRITE -> settleWrite(operation);
            case SNAPSHOT -> {
                List<SnapshotInfo> retained = client.snapshots(volumeId);
                long last = retained.isEmpty() ? 0 : retained.get(retained.size() - 1).snapshot();
                if (snapshots.isEmpty() || last > snapshots.lastKey()) {
                    snapshots.put(last, live.clone());
                }
            }
            case DELETE -> {
                if (client.snapshots(volumeId).stream().noneMatch(s -> s.snapshot() == operation.snapshot())) {
                    snapshots.remove(operation.snapshot());
                }
            }
        }
    }

    byte[] live() {
        return live;
    }

    NavigableMap<Long, byte[]> snapshots() {
        return snapshots;
    }

    private void settleWrite(Operation write) {
        byte[] stored = client.read(volumeId, write.offset(), write.data().length);
        for (int i = 0; i < stored.length; i++) {
            int at = (int) write.offset() + i;
            assertThat(stored[i]).as("byte %d of the write in flight at the crash: old or new content", at)
                    .isIn(live[at], write.data()[i]);
        }
        System.arraycopy(stored, 0, live, (int) write.offset(), stored.length);
    }

    private Operation next() {
        int dice = random.nextInt(100);
        if (dice < 10) {
            return new Operation(Kind.SNAPSHOT, 0, null, 0);
        }
        if (dice < 16 && snapshots.size() > 2) {
            List<Long> deletable = new ArrayList<>(snapshots.headMap(snapshots.lastKey()).keySet());
            return new Operation(Kind.DELETE, 0, null, deletable.get(random.nextInt(deletable.size())));
        }
        int length = 1 + random.nextInt(3 * 4096);
        long offset = random.nextInt(live.length - length + 1);
        byte[] data = new byte[length];
        random.nextBytes(data);
        return new Operation(Kind.WRITE, offset, data, 0);
    }

    private void perform(Operation operation) {
        inFlight = operation;
        switch (operation.kind()) {
            case WRITE -> {
                client.write(volumeId, operation.offset(), operation.data());
                System.arraycopy(operation.data(), 0, live, (int) operation.offset(), operation.data().length);
            }
            case SNAPSHOT -> snapshots.put(client.createSnapshot(volumeId).snapshot(), live.clone());
            case DELETE -> {
                client.deleteSnapshot(volumeId, operation.snapshot());
                snapshots.remove(operation.snapshot());
            }
        }
        inFlight = null;
        acknowledged.incrementAndGet();
    }

    private enum Kind { WRITE, SNAPSHOT, DELETE }

    private record Operation(Kind kind, long offset, byte[] data, long snapshot) {
    }
}
