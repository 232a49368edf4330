package io.datamover.blockstore.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.blockstore.api.ApplyResult;
import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.BlockStoreException;
import io.datamover.blockstore.api.SnapshotInfo;
import io.datamover.blockstore.crash.Operation.Apply;
import io.datamover.blockstore.crash.Operation.DeleteReplicaSnapshot;
import io.datamover.blockstore.crash.Operation.DeleteSnapshot;
import io.datamover.blockstore.crash.Operation.ReadDelta;
import io.datamover.blockstore.crash.Operation.TakeSnapshot;
import io.datamover.blockstore.crash.Operation.Write;
import io.datamover.events.ChangeMethod;
import io.datamover.runtime.ServiceProcess;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Random writes, snapshots and deletions on a primary volume, and shipments of its snapshots to a replica volume
 * of the same store, until the store dies; with what the store acknowledged: the primary's live content and
 * retained snapshots, the replica's consistent snapshot and retained snapshots. The operation in flight when the
 * store died is kept to be settled after the restart, where either outcome is acceptable.
 */
final class CrashWorkload implements Runnable {

    private static final int SECTOR = 4096;
    /** Up to 512 KiB: a few dozen writes make a delta of several MiB, long enough to be killed in. */
    private static final int MAX_WRITE_SECTORS = 128;
    private static final int MAX_RETAINED = 6;
    private static final int MAX_REPLICA_RETAINED = 5;
    /** The application keeps writing while a delta travels: a crash in its apply leaves those in the open epoch. */
    private static final int MAX_WRITES_WHILE_SHIPPING = 3;
    /** A delta sent in parts is cut after this many records (writes of up to 512 KiB each). */
    private static final int RECORDS_PER_PART = 4;
    /** Until an apply has been timed: 10 MB/s. */
    private static final double DEFAULT_APPLY_NANOS_PER_BYTE = 100;

    private final String site;
    private final String primaryId;
    private final String replicaId;
    private final Random random;
    private final byte[] live;
    private final NavigableMap<Long, byte[]> snapshots = new TreeMap<>();
    private final Map<Long, String> digests = new HashMap<>();
    private final ReplicaModel replica = new ReplicaModel();
    /** The numbers of the primary's snapshots that seal an epoch open at a crash: deltas across them compare. */
    private final NavigableSet<Long> distrustedEpochs = new TreeSet<>();
    private final AtomicLong acknowledged = new AtomicLong();
    /** Of the recent applies (a moving average: the machine's load changes), NaN before the first. */
    private double applyNanosPerByte = Double.NaN;
    private volatile BlockStoreClient client;
    private volatile SnapshotMetadataCalls metadata;
    private volatile Operation inFlight;
    private volatile Throwable stoppedBy;
    private volatile ApplyWatch applyWatch;
    private Apply interruptedApply;
    private ShippedDelta lastApplied;

    CrashWorkload(String site, String primaryId, String replicaId, int sizeBytes, long seed) {
        this.site = site;
        this.primaryId = primaryId;
        this.replicaId = replicaId;
        this.random = new Random(seed);
        this.live = new byte[sizeBytes];
    }

    /** Runs against {@code store} from now on. */
    void connect(ServiceProcess store) throws InterruptedException {
        disconnect();
        client = BlockStoreClient.of(store.url());
        metadata = new SnapshotMetadataCalls(site, store.port());
    }

    void disconnect() throws InterruptedException {
        if (metadata != null) {
            metadata.close();
        }
    }

    /** Operations acknowledged so far, over all rounds. */
    long acknowledged() {
        return acknowledged.get();
    }

    /** Works until a call fails, normally because the store was killed. */
    @Override
    public void run() {
        try {
            while (true) {
                next();
            }
        } catch (RuntimeException | AssertionError e) {
            stoppedBy = e;
            ApplyWatch watch = applyWatch;
            if (watch != null) {
                watch.abandon();
            }
        }
    }

    /** Watches the next apply of a non-empty delta, tripping when {@code share} of it was streamed. */
    ApplyWatch watchNextApply(double share) {
        ApplyWatch watch = new ApplyWatch(share);
        applyWatch = watch;
        return watch;
    }

    /** The kind of operation the store died in, empty if none was in flight. */
    Optional<Operation.Kind> interrupted() {
        return Optional.ofNullable(inFlight).map(Operation::kind);
    }

    /** Fails unless the workload stopped because the store became unreachable. */
    void requireStoppedByKill() {
        Throwable failure = stoppedBy;
        stoppedBy = null;
        applyWatch = null;
        if (!isUnreachable(failure)) {
            throw new AssertionError("the workload stopped in " + inFlight + " for another reason than the kill",
                    failure);
        }
    }

    private static boolean isUnreachable(Throwable failure) {
        if (failure instanceof BlockStoreException e) {
            return e.status() == BlockStoreException.UNREACHABLE;
        }
        return failure instanceof StatusRuntimeException e && e.getStatus().getCode() == Status.Code.UNAVAILABLE;
    }

    /** Takes a snapshot when none is retained, so that every crash has a snapshot before it. */
    void ensureSnapshot() {
        if (snapshots.isEmpty()) {
            snapshot();
        }
    }

    /** Takes a snapshot of the primary now and returns its number. */
    long snapshot() {
        inFlight = new TakeSnapshot();
        long number = client.createSnapshot(primaryId).snapshot();
        snapshots.put(number, live.clone());
        acknowledge();
        return number;
    }

    /**
     * Ships a new snapshot of the primary to the replica as transfer-service does: the extents from
     * GetMetadataDelta from the replica's consistent snapshot (GetMetadataAllocated for the first copy), their
     * bytes read from the primary's snapshot, applied to the replica; a few writes to the primary in between.
     */
    ShippedDelta ship() {
        long target = snapshot();
        ReadDelta read = new ReadDelta(replica.consistent(), target);
        inFlight = read;
        ShippedDelta delta = ShippedDelta.read(client, metadata, primaryId, read.base(), target);
        assertThat(delta.method()).as("change method of %s", delta).isEqualTo(expectedMethod(read.base(), target));
        acknowledge();
        for (int i = random.nextInt(MAX_WRITES_WHILE_SHIPPING + 1); i > 0; i--) {
            write(nextWrite());
        }
        apply(delta);
        return delta;
    }

    /**
     * Accepts either outcome of the operation in flight at the crash, checking that it is one of them (an apply
     * in flight is kept to be re-applied by {@link #reapplyAfterCrash()}). Then records the primary's epoch that
     * the crash left open as distrusted.
     */
    void settle() {
        Operation operation = inFlight;
        inFlight = null;
        if (operation instanceof Write write) {
            settleWrite(write);
        } else if (operation instanceof TakeSnapshot) {
            settleSnapshot();
        } else if (operation instanceof DeleteSnapshot delete && !retained(primaryId).contains(delete.snapshot())) {
            snapshots.remove(delete.snapshot());
            digests.remove(delete.snapshot());
        } else if (operation instanceof DeleteReplicaSnapshot delete
                && !retained(replicaId).contains(delete.snapshot())) {
            replica.deleted(delete.snapshot());
        } else if (operation instanceof Apply apply) {
            settleApply(apply.delta());
            interruptedApply = apply;
        }
        distrustedEpochs.add(client.volume(primaryId).latestSnapshot() + 1);
    }

    /**
     * Applies again the delta whose apply the crash interrupted, as a sender that lost the answer would: a no-op if
     * the replica holds its target already, else all of it. Without one, applies the last delta acknowledged
     * again, a no-op.
     *
     * @return the store's answer to the re-apply, empty before the first apply
     */
    Optional<ApplyResult> reapplyAfterCrash() {
        Apply interrupted = interruptedApply;
        ShippedDelta delta = interrupted != null ? interrupted.delta() : lastApplied;
        interruptedApply = null;
        if (delta == null) {
            return Optional.empty();
        }
        boolean held = Objects.equals(replica.consistent(), delta.target());
        // Sent again as it was: in parts, begin first undoes what the parts before the crash wrote.
        ApplyResult again = interrupted != null && interrupted.inParts() ? applyInParts(delta, null, 0)
                : client.apply(replicaId, delta.base(), delta.target(), delta::stream);
        assertThat(again.appliedBytes()).as("bytes written re-applying %s to the replica %s", delta,
                held ? "that holds it" : "consistent at its base").isEqualTo(held ? 0 : delta.dataBytes());
        replica.applied(delta.target(), digestOf(delta.target()));
        lastApplied = delta;
        return Optional.of(again);
    }

    /** The change method a delta of the primary from {@code base} (null: a full copy) to {@code target} must use. */
    ChangeMethod expectedMethod(Long base, long target) {
        if (base == null) {
            return ChangeMethod.FULL;
        }
        return distrustedEpochs.subSet(base, false, target, true).isEmpty() ? ChangeMethod.CBT : ChangeMethod.CHECKSUM;
    }

    byte[] live() {
        return live;
    }

    NavigableMap<Long, byte[]> snapshots() {
        return snapshots;
    }

    ReplicaModel replica() {
        return replica;
    }

    SnapshotMetadataCalls metadata() {
        return metadata;
    }

    /** The SHA-256 of the primary's snapshot {@code snapshot} as acknowledged. */
    String digestOf(long snapshot) {
        return digests.computeIfAbsent(snapshot, n -> sha256(snapshots.get(n)));
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private void next() {
        int dice = random.nextInt(100);
        List<Long> deletable = deletableSnapshots();
        if (dice < 8 && snapshots.size() < MAX_RETAINED) {
            snapshot();
        } else if (dice < 16 && snapshots.size() > 3 && !deletable.isEmpty()) {
            deleteSnapshot(deletable.get(random.nextInt(deletable.size())));
        } else if (dice < 21 && replica.digests().size() < MAX_REPLICA_RETAINED) {
            ship();
        } else if (dice < 29 && replica.digests().size() > 2) {
            List<Long> replicaDeletable = replica.deletable();
            deleteReplicaSnapshot(replicaDeletable.get(random.nextInt(replicaDeletable.size())));
        } else {
            write(nextWrite());
        }
    }

    /** Whole sectors at a whole sector, as the store requires. */
    private Write nextWrite() {
        int sectors = 1 + random.nextInt(MAX_WRITE_SECTORS);
        long offset = (long) random.nextInt(live.length / SECTOR - sectors + 1) * SECTOR;
        byte[] data = new byte[sectors * SECTOR];
        random.nextBytes(data);
        return new Write(offset, data);
    }

    /** All but the newest, and never the base of the next delta to the replica. */
    private List<Long> deletableSnapshots() {
        return snapshots.headMap(snapshots.isEmpty() ? 0 : snapshots.lastKey()).keySet().stream()
                .filter(n -> !Objects.equals(n, replica.consistent()))
                .toList();
    }

    private void write(Write write) {
        inFlight = write;
        client.write(primaryId, write.offset(), write.data());
        System.arraycopy(write.data(), 0, live, (int) write.offset(), write.data().length);
        acknowledge();
    }

    private void deleteSnapshot(long number) {
        inFlight = new DeleteSnapshot(number);
        client.deleteSnapshot(primaryId, number);
        snapshots.remove(number);
        digests.remove(number);
        acknowledge();
    }

    private void deleteReplicaSnapshot(long number) {
        inFlight = new DeleteReplicaSnapshot(number);
        client.deleteSnapshot(replicaId, number);
        replica.deleted(number);
        acknowledge();
    }

    private void apply(ShippedDelta delta) {
        boolean inParts = random.nextBoolean();
        inFlight = new Apply(delta, inParts);
        ApplyWatch watch = delta.dataBytes() == 0 ? null : applyWatch;
        long expected = expectedApplyNanos(delta.dataBytes());
        long start = System.nanoTime();
        ApplyResult result = inParts ? applyInParts(delta, watch, expected)
                : client.apply(replicaId, delta.base(), delta.target(),
                        watch == null ? delta::stream : () -> watch.stream(delta, expected));
        if (delta.dataBytes() > 0) {
            double rate = (double) (System.nanoTime() - start) / delta.dataBytes();
            applyNanosPerByte = Double.isNaN(applyNanosPerByte) ? rate : (applyNanosPerByte + rate) / 2;
        }
        assertThat(result.appliedBytes()).as("bytes written applying %s", delta).isEqualTo(delta.dataBytes());
        replica.applied(delta.target(), digestOf(delta.target()));
        lastApplied = delta;
        acknowledge();
        if (watch != null) {
            applyWatch = null;
            watch.acknowledged();
        }
    }

    /** As transfer-service writes a delta: begin, parts of a few records each, seal. */
    private ApplyResult applyInParts(ShippedDelta delta, ApplyWatch watch, long expected) {
        client.beginApply(replicaId, delta.base(), delta.target());
        long sent = 0;
        long applied = 0;
        for (byte[] part : delta.parts(RECORDS_PER_PART)) {
            if (watch != null) {
                watch.sending(delta, expected, sent);
            }
            applied += client.applyPart(replicaId, delta.base(), delta.target(), part).appliedBytes();
            sent += part.length;
        }
        if (watch != null) {
            watch.sending(delta, expected, sent);
        }
        client.sealApply(replicaId, delta.target());
        return new ApplyResult(replicaId, delta.target(), applied);
    }

    private long expectedApplyNanos(long bytes) {
        return (long) (bytes * (Double.isNaN(applyNanosPerByte) ? DEFAULT_APPLY_NANOS_PER_BYTE : applyNanosPerByte));
    }

    private void acknowledge() {
        inFlight = null;
        acknowledged.incrementAndGet();
    }

    private void settleWrite(Write write) {
        byte[] stored = client.read(primaryId, write.offset(), write.data().length);
        for (int i = 0; i < stored.length; i++) {
            int at = (int) write.offset() + i;
            if (stored[i] != live[at] && stored[i] != write.data()[i]) {
                throw new AssertionError("byte " + at + " of the write in flight at the crash is " + stored[i]
                        + ", neither its old content " + live[at] + " nor the new " + write.data()[i]);
            }
        }
        System.arraycopy(stored, 0, live, (int) write.offset(), stored.length);
    }

    private void settleSnapshot() {
        List<SnapshotInfo> retained = client.snapshots(primaryId);
        long last = retained.isEmpty() ? 0 : retained.get(retained.size() - 1).snapshot();
        if (snapshots.isEmpty() || last > snapshots.lastKey()) {
            snapshots.put(last, live.clone());
        }
    }

    /** The replica holds the delta's target or its base, never anything else. */
    private void settleApply(ShippedDelta delta) {
        Long consistent = client.volume(replicaId).consistentSnapshot();
        assertThat(consistent).as("consistent snapshot of the replica killed while applying %s", delta)
                .isIn(replica.consistent(), delta.target());
        if (Objects.equals(consistent, delta.target())) {
            replica.applied(delta.target(), digestOf(delta.target()));
        }
    }

    private List<Long> retained(String volumeId) {
        return client.snapshots(volumeId).stream().map(SnapshotInfo::snapshot).toList();
    }
}
