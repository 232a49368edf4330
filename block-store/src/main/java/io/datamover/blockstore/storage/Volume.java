package io.datamover.blockstore.storage;

import io.datamover.blockstore.api.DeltaFormat;
import io.datamover.blockstore.api.DeltaFormatException;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.blockstore.domain.ChangeSet;
import io.datamover.blockstore.domain.ChangedBlocks;
import io.datamover.blockstore.domain.Geometry;
import io.datamover.blockstore.domain.PreservedBlocks;
import io.datamover.blockstore.domain.StoreException;
import io.datamover.blockstore.domain.StoreException.Reason;
import io.datamover.blockstore.domain.VolumeMetadata;
import io.datamover.events.ChangeMethod;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;
import org.roaringbitmap.PeekableIntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * One volume: its live content, copy-on-write snapshots and changed block tracking. Taking a snapshot seals the
 * open epoch's dirty bitmap and copies nothing; a block's old content is copied into the latest snapshot's file
 * the first time it is overwritten afterwards. Thread-safe: reads and workload writes share a lock, changes of
 * the snapshots take it exclusively; the open epoch's bitmaps have a lock of their own.
 *
 * <p>Durability: data is fsynced before the metadata that refers to it (snapshot, apply, delete). A write returns
 * once its data, its blocks in the intent log and any copy-on-write copy it made are durable; the copy and the
 * log record are durable before the live blocks are overwritten. Concurrent writers share the fsyncs.
 */
public final class Volume implements Closeable {

    private static final Logger LOG = Logger.getLogger(Volume.class);
    private static final int DIGEST_CHUNK = 1024 * 1024;
    private static final int ZERO_CHUNK = 16 * 1024 * 1024;

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Guards the open epoch's bitmaps and the appends to the intent log. */
    private final ReentrantLock tracking = new ReentrantLock();
    private final VolumeLayout layout;
    private final Geometry geometry;
    private final BlockFiles files;
    private final PreservedBlocks preserved;
    private final ChangedBlocks changes;
    private final IntentLog log;
    /** Syncs the copy-on-write files, then the intent log: what must be durable before live blocks change. */
    private final GroupSync intents;
    /** Syncs the live file. */
    private final GroupSync liveData;
    private volatile VolumeMetadata metadata;

    private Volume(VolumeLayout layout, VolumeMetadata metadata, BlockFiles files, PreservedBlocks preserved,
            ChangedBlocks changes, IntentLog log) {
        this.layout = layout;
        this.metadata = metadata;
        this.geometry = metadata.geometry();
        this.files = files;
        this.preserved = preserved;
        this.changes = changes;
        this.log = log;
        this.intents = new GroupSync(() -> {
            files.syncCows();
            log.force();
        });
        this.liveData = new GroupSync(files::syncLive);
    }

    static Volume create(VolumeLayout layout, String id, Geometry geometry, VolumeRole role) throws IOException {
        Files.createDirectories(layout.directory());
        BlockFiles files = BlockFiles.create(layout, geometry);
        files.syncLive();
        IntentLog log = IntentLog.open(layout.intentLog());
        VolumeMetadata metadata = VolumeMetadata.create(id, geometry, role);
        MetadataFile.write(layout.metadata(), metadata);
        return new Volume(layout, metadata, files, new PreservedBlocks(), new ChangedBlocks(), log);
    }

    /**
     * Opens a volume. Without the mark of a clean stop, the open epoch's changed block tracking is distrusted:
     * deltas across it compare content.
     */
    static Volume open(VolumeLayout layout, String site) throws IOException {
        VolumeMetadata metadata = MetadataFile.read(layout.metadata());
        PreservedBlocks preserved = new PreservedBlocks();
        ChangedBlocks changes = new ChangedBlocks();
        for (VolumeMetadata.Snapshot snapshot : metadata.snapshots()) {
            long n = snapshot.number();
            preserved.load(n, AtomicFiles.readBitmap(layout.preserved(n)));
            changes.load(n, AtomicFiles.readBitmap(layout.changed(n)), AtomicFiles.readBitmap(layout.allocated(n)));
        }
        IntentLog log = IntentLog.open(layout.intentLog());
        RoaringBitmap logged = log.replay(metadata.lastSnapshot());
        RoaringBitmap dirty = AtomicFiles.readBitmap(layout.dirty());
        dirty.or(logged);
        preserved.latest().ifPresent(latest -> {
            preserved.of(latest).or(logged);
            dirty.or(preserved.of(latest));
        });
        changes.loadDirty(dirty);
        Volume volume = new Volume(layout, metadata, BlockFiles.open(layout, metadata.geometry()), preserved,
                changes, log);
        volume.checkpoint();
        if (!Files.exists(layout.cleanStop())) {
            volume.commit(metadata.withOpenEpochDistrusted());
            LOG.warnf("volume %s at site %s: unclean stop (%d blocks recovered from the intent log); the changed"
                    + " block tracking of the open epoch is distrusted, deltas across it compare content",
                    metadata.id(), site, logged.getLongCardinality());
        }
        Files.deleteIfExists(layout.cleanStop());
        AtomicFiles.syncDirectory(layout.directory());
        return volume;
    }

    public String id() {
        return metadata.id();
    }

    public VolumeMetadata metadata() {
        return metadata;
    }

    public Geometry geometry() {
        return geometry;
    }

    /** A workload write to the live volume; durable, its changed blocks with it, when this returns. */
    public void write(long offset, ByteBuffer data) throws IOException {
        withLock(lock.readLock(), () -> {
            requireWritable();
            geometry.checkRange(offset, data.remaining(), "length");
            writeBlocks(offset, data);
            return null;
        });
    }

    public byte[] read(long offset, int length) throws IOException {
        return withLock(lock.readLock(), () -> {
            geometry.checkRange(offset, length, "length");
            ByteBuffer buffer = ByteBuffer.allocate(length);
            files.readLive(offset, buffer);
            return buffer.array();
        });
    }

    /** Takes the next snapshot of a primary: instant, nothing is copied. */
    public VolumeMetadata.Snapshot snapshot() throws IOException {
        return withLock(lock.writeLock(), () -> {
            if (metadata.role() == VolumeRole.REPLICA) {
                throw new StoreException(Reason.REPLICA_NOT_WRITABLE, "volume " + id()
                        + " is a replica: its snapshots are sealed by applying its primary's deltas", "id");
            }
            return seal(metadata.lastSnapshot() + 1, UnaryOperator.identity());
        });
    }

    public List<VolumeMetadata.Snapshot> snapshots() {
        return metadata.snapshots();
    }

    /** Deletes a snapshot; the others read the same as before. */
    public void deleteSnapshot(long number) throws IOException {
        withLock(lock.writeLock(), () -> {
            requireSnapshot(number);
            PreservedBlocks.Deletion deletion = preserved.planDeletion(number);
            OptionalLong predecessor = deletion.predecessor();
            if (predecessor.isPresent() && !deletion.moved().isEmpty()) {
                files.move(number, predecessor.getAsLong(), deletion.moved());
                files.syncPreserved(predecessor.getAsLong());
            }
            preserved.delete(deletion);
            if (predecessor.isPresent()) {
                long p = predecessor.getAsLong();
                AtomicFiles.writeBitmap(layout.preserved(p), preserved.of(p));
            }
            OptionalLong next = changes.delete(number);
            AtomicFiles.writeBitmap(next.isPresent() ? layout.changed(next.getAsLong()) : layout.dirty(),
                    next.isPresent() ? changes.changed(next.getAsLong()) : changes.dirty());
            commit(metadata.withoutSnapshot(number));
            files.deletePreserved(number);
            Files.deleteIfExists(layout.preserved(number));
            Files.deleteIfExists(layout.changed(number));
            Files.deleteIfExists(layout.allocated(number));
            AtomicFiles.syncDirectory(layout.directory());
            LOG.infof("volume %s: deleted snapshot %d%s", id(), number, predecessor.isPresent()
                    ? ", moved " + deletion.moved().getLongCardinality() + " blocks into snapshot "
                            + predecessor.getAsLong()
                    : "");
            return null;
        });
    }

    /** Reads bytes of snapshot {@code number} as they were when it was taken. */
    public byte[] readSnapshot(long number, long offset, int length) throws IOException {
        return withLock(lock.readLock(), () -> {
            requireSnapshot(number);
            geometry.checkRange(offset, length, "length");
            if (length == 0) {
                return new byte[0];
            }
            // A concurrent write may preserve a block we read from the live file: then read again from its copy.
            while (true) {
                long[] holders = withLock(tracking, () -> holders(number, offset, length));
                byte[] content = readThrough(holders, offset, length);
                if (Arrays.equals(holders, withLock(tracking, () -> holders(number, offset, length)))) {
                    return content;
                }
            }
        });
    }

    /** The SHA-256 of the whole content of snapshot {@code number}, lower-case hex. */
    public String digest(long number) throws IOException {
        MessageDigest sha256 = sha256();
        for (long offset = 0; offset < geometry.sizeBytes(); offset += DIGEST_CHUNK) {
            sha256.update(readSnapshot(number, offset, (int) Math.min(DIGEST_CHUNK, geometry.sizeBytes() - offset)));
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    /**
     * The blocks written after snapshot {@code base} up to snapshot {@code target}: from changed block tracking,
     * or, when an epoch in between is distrusted (an unclean stop), the blocks whose content differs.
     */
    public ChangeSet delta(long base, long target) throws IOException {
        return withLock(lock.readLock(), () -> {
            RoaringBitmap tracked = changes.delta(id(), base, target);
            if (!metadata.distrustsAnyEpoch(base, target)) {
                return new ChangeSet(tracked, ChangeMethod.CBT);
            }
            RoaringBitmap differing = differingBlocks(base, target);
            LOG.infof("volume %s: delta %d..%d spans a distrusted epoch: %d blocks differ by content (changed block"
                    + " tracking had %d)", id(), base, target, differing.getLongCardinality(),
                    tracked.getLongCardinality());
            return new ChangeSet(differing, ChangeMethod.CHECKSUM);
        });
    }

    /** The blocks ever written up to snapshot {@code number}. */
    public RoaringBitmap allocated(long number) throws IOException {
        return withLock(lock.readLock(), () -> {
            requireSnapshot(number);
            return changes.allocated(number).clone();
        });
    }

    public VolumeMetadata freeze(String reason) throws IOException {
        if (reason == null || reason.isBlank()) {
            throw StoreException.invalid("reason", "reason is required to freeze volume " + id());
        }
        return withLock(lock.writeLock(), () -> {
            commit(metadata.frozen(reason));
            LOG.infof("volume %s: frozen (%s)", id(), reason);
            return metadata;
        });
    }

    public VolumeMetadata thaw() throws IOException {
        return withLock(lock.writeLock(), () -> {
            if (metadata.frozen()) {
                commit(metadata.thawed());
                LOG.infof("volume %s: thawed", id());
            }
            return metadata;
        });
    }

    /**
     * Applies a delta to this frozen replica and seals it as snapshot {@code number}, which becomes the consistent
     * snapshot. A no-op returning 0 when the replica already holds {@code number}.
     *
     * @param base the snapshot the delta starts from, null for a full copy
     * @return the data bytes written
     */
    public long apply(Long base, long number, DeltaFormat.Reader delta) throws IOException {
        return withLock(lock.writeLock(), () -> {
            Long consistent = metadata.consistentSnapshot();
            checkApply(base, number, consistent);
            if (consistent != null && consistent >= number) {
                LOG.infof("volume %s: already consistent at snapshot %d, apply of %d skipped", id(), consistent,
                        number);
                return 0L;
            }
            if (base == null) {
                zero(changes.allocatedNow());
            }
            long applied = writeDelta(delta);
            seal(number, m -> m.withConsistentSnapshot(number));
            LOG.infof("volume %s: applied %d bytes from base %s, consistent at snapshot %d", id(), applied,
                    base == null ? "none (full copy)" : base, number);
            return applied;
        });
    }

    /** Checkpoints and marks the stop clean, so the next open trusts the open epoch's changed block tracking. */
    @Override
    public void close() throws IOException {
        withLock(lock.writeLock(), () -> {
            checkpoint();
            AtomicFiles.write(layout.cleanStop(), new byte[0]);
            files.close();
            log.close();
            return null;
        });
    }

    private void checkApply(Long base, long number, Long consistent) {
        if (metadata.role() != VolumeRole.REPLICA) {
            throw new StoreException(Reason.NOT_A_REPLICA, "volume " + id() + " is not a replica: deltas are applied"
                    + " to replicas only", "id");
        }
        if (number < 1) {
            throw StoreException.invalid("snapshot", "snapshot must be 1 or more, was " + number);
        }
        if (base != null && base >= number) {
            throw StoreException.invalid("base", "base " + base + " is not before snapshot " + number);
        }
        if (consistent != null && consistent >= number) {
            return;
        }
        if (!metadata.frozen()) {
            throw new StoreException(Reason.NOT_FROZEN, "replica " + id() + " must be frozen to apply a delta",
                    "id");
        }
        if (base != null && (consistent == null || consistent < base)) {
            throw new StoreException(Reason.BASE_MISMATCH, "replica " + id() + " is consistent at snapshot "
                    + consistent + ", a delta from base " + base + " cannot bring it to snapshot " + number, "base");
        }
        if (number <= metadata.lastSnapshot()) {
            throw new StoreException(Reason.SNAPSHOT_EXISTS, "replica " + id() + " already had snapshot "
                    + metadata.lastSnapshot() + ": cannot seal snapshot " + number, "snapshot");
        }
    }

    private long writeDelta(DeltaFormat.Reader delta) throws IOException {
        long applied = 0;
        try {
            for (Optional<DeltaFormat.Record> next = delta.next(); next.isPresent(); next = delta.next()) {
                DeltaFormat.Record record = next.get();
                try {
                    geometry.checkRange(record.offset(), record.length(), "length");
                } catch (StoreException e) {
                    throw StoreException.invalid("delta", "delta record at volume offset " + record.offset() + ": "
                            + e.getMessage());
                }
                writeBlocks(record.offset(), ByteBuffer.wrap(record.data()));
                applied += record.length();
            }
        } catch (DeltaFormatException e) {
            throw StoreException.invalid("delta", e.getMessage());
        }
        return applied;
    }

    /** A full copy replaces everything: blocks it does not write must read as zeros, as at the source. */
    private void zero(RoaringBitmap blocks) throws IOException {
        int perWrite = Math.max(1, ZERO_CHUNK / geometry.blockSize());
        ByteBuffer zeros = ByteBuffer.allocate(perWrite * geometry.blockSize());
        PeekableIntIterator it = blocks.getIntIterator();
        while (it.hasNext()) {
            int first = it.next();
            int last = first;
            while (it.hasNext() && it.peekNext() == last + 1 && last - first + 1 < perWrite) {
                last = it.next();
            }
            zeros.clear().limit((last - first + 1) * geometry.blockSize());
            writeBlocks(geometry.offsetOf(first), zeros);
        }
    }

    /**
     * Copies what the latest snapshot must keep and records the blocks in the intent log, waits until both are
     * durable, then overwrites the live blocks and waits until they are durable.
     */
    private void writeBlocks(long offset, ByteBuffer data) throws IOException {
        if (!data.hasRemaining()) {
            return;
        }
        Geometry.BlockRange range = geometry.blocksOf(offset, data.remaining());
        intents.await(withLock(tracking, () -> recordIntent(range)));
        files.writeLive(offset, data);
        liveData.await(liveData.issue());
    }

    /** The sync ticket after which the live blocks of {@code range} may be overwritten. */
    private long recordIntent(Geometry.BlockRange range) throws IOException {
        RoaringBitmap toPreserve = preserved.latest().isPresent() ? preserved.toPreserve(range) : new RoaringBitmap();
        if (!toPreserve.isEmpty()) {
            files.preserve(preserved.latest().getAsLong(), toPreserve);
            preserved.preserved(toPreserve);
        } else if (changes.dirty().contains((long) range.first(), range.endExclusive())) {
            return intents.lastIssued();
        }
        changes.written(range);
        log.append(metadata.lastSnapshot(), range);
        return intents.issue();
    }

    /** Per block of the range, the snapshot whose copy-on-write file holds it, or -1 for the live file. */
    private long[] holders(long number, long offset, int length) {
        Geometry.BlockRange range = geometry.blocksOf(offset, length);
        long[] holders = new long[(int) (range.endExclusive() - range.first())];
        for (int i = 0; i < holders.length; i++) {
            holders[i] = preserved.holder(number, range.first() + i).orElse(-1);
        }
        return holders;
    }

    private byte[] readThrough(long[] holders, long offset, int length) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(length);
        int first = geometry.blockOf(offset);
        long position = offset;
        long end = offset + length;
        while (position < end) {
            long holder = holders[geometry.blockOf(position) - first];
            long runEnd = Math.min(end, geometry.offsetOf(geometry.blockOf(position) + 1));
            while (runEnd < end && holders[geometry.blockOf(runEnd) - first] == holder) {
                runEnd = Math.min(end, runEnd + geometry.blockSize());
            }
            out.limit((int) (runEnd - offset));
            if (holder >= 0) {
                files.readPreserved(holder, position, out);
            } else {
                files.readLive(position, out);
            }
            position = runEnd;
        }
        return out.array();
    }

    /** The blocks whose content differs between two snapshots, read block by block from both. */
    private RoaringBitmap differingBlocks(long base, long target) throws IOException {
        RoaringBitmap differing = new RoaringBitmap();
        int blockSize = geometry.blockSize();
        int chunk = Math.max(blockSize, DIGEST_CHUNK);
        for (long offset = 0; offset < geometry.sizeBytes(); offset += chunk) {
            int length = (int) Math.min(chunk, geometry.sizeBytes() - offset);
            byte[] before = readSnapshot(base, offset, length);
            byte[] after = readSnapshot(target, offset, length);
            for (int at = 0; at < length; at += blockSize) {
                if (Arrays.mismatch(before, at, at + blockSize, after, at, at + blockSize) >= 0) {
                    differing.add(geometry.blockOf(offset + at));
                }
            }
        }
        return differing;
    }

    /** Makes the open epoch's bitmaps durable in their files and empties the intent log. */
    private void checkpoint() throws IOException {
        files.syncCows();
        files.syncLive();
        OptionalLong latest = preserved.latest();
        if (latest.isPresent()) {
            AtomicFiles.writeBitmap(layout.preserved(latest.getAsLong()), preserved.of(latest.getAsLong()));
        }
        AtomicFiles.writeBitmap(layout.dirty(), changes.dirty());
        log.clear();
    }

    private VolumeMetadata.Snapshot seal(long number, UnaryOperator<VolumeMetadata> alsoChange) throws IOException {
        files.syncLive();
        OptionalLong previous = preserved.latest();
        if (previous.isPresent()) {
            files.syncPreserved(previous.getAsLong());
            AtomicFiles.writeBitmap(layout.preserved(previous.getAsLong()), preserved.of(previous.getAsLong()));
        }
        ChangedBlocks.Sealed sealed = changes.seal(number);
        AtomicFiles.writeBitmap(layout.changed(number), sealed.changed());
        AtomicFiles.writeBitmap(layout.allocated(number), sealed.allocated());
        preserved.open(number);
        AtomicFiles.writeBitmap(layout.preserved(number), preserved.of(number));
        VolumeMetadata.Snapshot snapshot = new VolumeMetadata.Snapshot(number, Instant.now());
        commit(alsoChange.apply(metadata.withSnapshot(snapshot)));
        Files.deleteIfExists(layout.dirty());
        log.clear();
        LOG.infof("volume %s: sealed snapshot %d (%d blocks changed in its epoch)", id(), number,
                sealed.changed().getLongCardinality());
        return snapshot;
    }

    private void commit(VolumeMetadata changed) throws IOException {
        MetadataFile.write(layout.metadata(), changed);
        metadata = changed;
    }

    private void requireWritable() {
        if (metadata.role() == VolumeRole.REPLICA) {
            throw new StoreException(Reason.REPLICA_NOT_WRITABLE, "volume " + id()
                    + " is a replica: only its primary's deltas may change it", "id");
        }
        if (metadata.frozen()) {
            throw new StoreException(Reason.FROZEN, "volume " + id() + " is frozen (" + metadata.frozenReason()
                    + "): writes are refused until it is thawed", "id");
        }
    }

    private void requireSnapshot(long number) {
        if (!preserved.isRetained(number)) {
            throw new StoreException(Reason.SNAPSHOT_NOT_FOUND, "snapshot " + number + " of volume " + id()
                    + " does not exist or was deleted", "snapshot");
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static <T> T withLock(Lock held, LockedAction<T> action) throws IOException {
        held.lock();
        try {
            return action.run();
        } finally {
            held.unlock();
        }
    }

    private interface LockedAction<T> {
        T run() throws IOException;
    }
}
