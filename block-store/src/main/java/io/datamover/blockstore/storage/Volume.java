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
import io.datamover.events.Fields;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
    /** The holder of a clone's block that it reads from its origin snapshot. */
    private static final long ORIGIN = -2;

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
    /** For a clone, the volume of its origin snapshot; null otherwise. */
    private volatile Volume source;
    /** For a clone, the blocks it has written itself (the others read from its origin); guarded by tracking. */
    private final RoaringBitmap ownBlocks;
    /** Serialises the first writes of a clone's blocks, which copy the origin's content into the live file. */
    private final ReentrantLock materializing = new ReentrantLock();
    /** The ids of the clones of each snapshot of this volume, which keep it from being deleted. */
    private final Map<Long, Set<String>> clones = new ConcurrentHashMap<>();

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
        this.ownBlocks = metadata.origin() == null ? null : changes.allocatedNow();
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

    /** Creates a clone of snapshot {@code snapshot} of {@code source}: no data is copied. */
    static Volume createClone(VolumeLayout layout, String id, Volume source, long snapshot) throws IOException {
        Files.createDirectories(layout.directory());
        BlockFiles files = BlockFiles.create(layout, source.geometry());
        files.syncLive();
        IntentLog log = IntentLog.open(layout.intentLog());
        VolumeMetadata metadata = VolumeMetadata.clone(id, source.geometry(),
                new VolumeMetadata.Origin(source.id(), snapshot));
        MetadataFile.write(layout.metadata(), metadata);
        AtomicFiles.syncDirectory(layout.directory());
        Volume clone = new Volume(layout, metadata, files, new PreservedBlocks(), new ChangedBlocks(), log);
        clone.source = source;
        return clone;
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
            if (source == null || length == 0) {
                ByteBuffer buffer = ByteBuffer.allocate(length);
                files.readLive(offset, buffer);
                return buffer.array();
            }
            // A block written meanwhile still holds its origin's content in the live file until the write lands.
            return readThrough(withLock(tracking, () -> liveHolders(offset, length)), offset, length);
        });
    }

    /** For a clone, the snapshot it reads its unwritten blocks from; null otherwise. */
    public VolumeMetadata.Origin origin() {
        return metadata.origin();
    }

    /** Keeps snapshot {@code number} from being deleted until {@code holder} releases it. */
    public void hold(long number, String holder) throws IOException {
        String valid = validHolder(holder);
        withLock(lock.writeLock(), () -> {
            requireSnapshot(number);
            if (!metadata.snapshot(number).holds().contains(valid)) {
                commit(metadata.withSnapshotChanged(number, s -> s.held(valid)));
                LOG.infof("volume %s: snapshot %d held by %s", id(), number, valid);
            }
            return null;
        });
    }

    /** Releases {@code holder}'s hold on snapshot {@code number}, if it has one. */
    public void release(long number, String holder) throws IOException {
        String valid = validHolder(holder);
        withLock(lock.writeLock(), () -> {
            requireSnapshot(number);
            if (metadata.snapshot(number).holds().contains(valid)) {
                commit(metadata.withSnapshotChanged(number, s -> s.released(valid)));
                LOG.infof("volume %s: snapshot %d released by %s", id(), number, valid);
            }
            return null;
        });
    }

    /** The clones of snapshot {@code number}, sorted. */
    public List<String> clonesOf(long number) {
        return clones.getOrDefault(number, Set.of()).stream().sorted().toList();
    }

    /** Records that clone {@code cloneId} reads from snapshot {@code number}, which must be retained. */
    void addClone(long number, String cloneId) throws IOException {
        withLock(lock.writeLock(), () -> {
            requireSnapshot(number);
            clones.computeIfAbsent(number, n -> ConcurrentHashMap.newKeySet()).add(cloneId);
            return null;
        });
    }

    void removeClone(long number, String cloneId) throws IOException {
        withLock(lock.writeLock(), () -> {
            clones.computeIfPresent(number, (n, ids) -> {
                ids.remove(cloneId);
                return ids.isEmpty() ? null : ids;
            });
            return null;
        });
    }

    /** Connects a clone, opened from its files, to the volume of its origin. */
    void attachOrigin(Volume origin) {
        this.source = origin;
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
            requireUnused(number);
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
        RoaringBitmap own = withLock(lock.readLock(), () -> {
            requireSnapshot(number);
            return changes.allocated(number).clone();
        });
        Volume origin = source;
        if (origin != null) {
            own.or(origin.allocated(metadata.origin().snapshot()));
        }
        return own;
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
        boolean owned = source == null
                || withLock(tracking, () -> ownBlocks.contains((long) range.first(), range.endExclusive()));
        intents.await(owned ? withLock(tracking, () -> recordIntent(range)) : withLock(materializing, () -> {
            materialize(range);
            return withLock(tracking, () -> recordIntent(range));
        }));
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
        if (ownBlocks != null) {
            ownBlocks.add((long) range.first(), range.endExclusive());
        }
        log.append(metadata.lastSnapshot(), range);
        return intents.issue();
    }

    /**
     * Copies the origin's content of the blocks of {@code range} that this clone has not written yet into its live
     * file, durably, before they are recorded as its own: a partial or torn write then keeps the origin's bytes
     * around it.
     */
    private void materialize(Geometry.BlockRange range) throws IOException {
        RoaringBitmap missing = withLock(tracking, () -> {
            RoaringBitmap blocks = RoaringBitmap.bitmapOfRange(range.first(), range.endExclusive());
            blocks.andNot(ownBlocks);
            return blocks;
        });
        if (missing.isEmpty()) {
            return;
        }
        long originSnapshot = metadata.origin().snapshot();
        int perRead = Math.max(1, ZERO_CHUNK / geometry.blockSize());
        PeekableIntIterator it = missing.getIntIterator();
        while (it.hasNext()) {
            int first = it.next();
            int last = first;
            while (it.hasNext() && it.peekNext() == last + 1 && last - first + 1 < perRead) {
                last = it.next();
            }
            long offset = geometry.offsetOf(first);
            byte[] content = source.readSnapshot(originSnapshot, offset, (last - first + 1) * geometry.blockSize());
            files.writeLive(offset, ByteBuffer.wrap(content));
        }
        files.syncLive();
    }

    /**
     * Per block of the range, the snapshot whose copy-on-write file holds it, -1 for the live file, or
     * {@link #ORIGIN} for a block of a clone that it had not written by then.
     */
    private long[] holders(long number, long offset, int length) {
        Geometry.BlockRange range = geometry.blocksOf(offset, length);
        long[] holders = new long[(int) (range.endExclusive() - range.first())];
        RoaringBitmap own = source == null ? null : changes.allocated(number);
        for (int i = 0; i < holders.length; i++) {
            int block = range.first() + i;
            holders[i] = own != null && !own.contains(block) ? ORIGIN : preserved.holder(number, block).orElse(-1);
        }
        return holders;
    }

    /** Per block of the range of a clone's live volume, -1 for its live file or {@link #ORIGIN}. */
    private long[] liveHolders(long offset, int length) {
        Geometry.BlockRange range = geometry.blocksOf(offset, length);
        long[] holders = new long[(int) (range.endExclusive() - range.first())];
        for (int i = 0; i < holders.length; i++) {
            holders[i] = ownBlocks.contains(range.first() + i) ? -1 : ORIGIN;
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
            if (holder == ORIGIN) {
                out.put(source.readSnapshot(metadata.origin().snapshot(), position, (int) (runEnd - position)));
            } else if (holder >= 0) {
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

    private void requireUnused(long number) {
        List<String> holds = metadata.snapshot(number).holds();
        List<String> clonesOf = clonesOf(number);
        if (!holds.isEmpty() || !clonesOf.isEmpty()) {
            List<String> users = new ArrayList<>();
            if (!clonesOf.isEmpty()) {
                users.add("cloned by volume " + String.join(", ", clonesOf));
            }
            if (!holds.isEmpty()) {
                users.add("held by " + String.join(", ", holds));
            }
            throw new StoreException(Reason.SNAPSHOT_IN_USE, "snapshot " + number + " of volume " + id()
                    + " is still needed and cannot be deleted: " + String.join("; ", users), "snapshot");
        }
    }

    private static String validHolder(String holder) {
        try {
            return Fields.id("holder", holder);
        } catch (IllegalArgumentException e) {
            throw StoreException.invalid("holder", e.getMessage());
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
