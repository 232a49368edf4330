package io.datamover.blockstore.storage;

import io.datamover.blockstore.api.DeltaFormat;
import io.datamover.blockstore.api.DeltaFormatException;
import io.datamover.blockstore.api.Digest;
import io.datamover.blockstore.api.ExtentLocations;
import io.datamover.blockstore.api.Verification;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.blockstore.domain.ChangeSet;
import io.datamover.blockstore.domain.ChangedBlocks;
import io.datamover.blockstore.domain.Geometry;
import io.datamover.blockstore.domain.PreservedBlocks;
import io.datamover.blockstore.domain.Rejoined;
import io.datamover.blockstore.domain.StoreException;
import io.datamover.blockstore.domain.StoreException.Reason;
import io.datamover.blockstore.domain.VolumeMetadata;
import io.datamover.events.ChangeMethod;
import io.datamover.events.Extent;
import io.datamover.events.Fields;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.roaringbitmap.PeekableIntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * One volume: its live content, copy-on-write snapshots and changed block tracking. Taking a snapshot seals the
 * open epoch's dirty bitmap and copies nothing; a block's old content is copied into the latest snapshot's file
 * the first time it is overwritten afterwards. Thread-safe: reads and workload writes share a lock, changes of
 * the snapshots take it exclusively; the open epoch's bitmaps have a lock of their own.
 *
 * <p>Durability: data is fsynced before the metadata that refers to it (snapshot, apply, delete). A workload write
 * returns once its bytes, journaled in the intent log, and any copy-on-write copy it made are durable, with one
 * sync; the live file gets them after that and is synced by the next checkpoint. Applies and write-backs record
 * only their blocks in the log and sync the live file themselves. The copy and the record are durable before the
 * live blocks are overwritten. Concurrent writers share the syncs.
 */
public final class Volume implements Closeable {

    private static final Logger LOG = Logger.getLogger(Volume.class);
    private static final int DIGEST_CHUNK = 1024 * 1024;
    /**
     * Where {@link #verifyChanged} reads a run to check it (a run of a volume whose blocks are larger than
     * {@link #DIGEST_CHUNK} gets a buffer of its own), one per thread of the store's I/O pool: a first copy's
     * read-back would otherwise allocate the whole volume again.
     */
    private static final ThreadLocal<ByteBuffer> VERIFY_BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocate(DIGEST_CHUNK));
    /**
     * Runs of a replica's written blocks read back per hold of the write lock, {@link BlockFiles#COPY_THREADS} at a
     * time: enough that the I/O threads do not wait for each other's last read between batches, few enough that a
     * reader of the consistent snapshot waits for no more than a few milliseconds.
     */
    private static final int VERIFY_BATCH = 8 * BlockFiles.COPY_THREADS;
    private static final int ZERO_CHUNK = 16 * 1024 * 1024;
    private static final int APPLY_BATCH = 16 * 1024 * 1024;
    /** The holder of a clone's block that it reads from its origin snapshot. */
    private static final long ORIGIN = -2;
    /** Syncs the sector sums of sealed epochs, for every volume, one at a time. */
    private static final ExecutorService SUMS_SYNC = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "sector-sums-sync");
        thread.setDaemon(true);
        return thread;
    });

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Guards the open epoch's bitmaps and the appends to the intent log. */
    private final ReentrantLock tracking = new ReentrantLock();
    /** Signalled when a checkpoint has emptied the full intent log; with tracking. */
    private final Condition journalEmptied = tracking.newCondition();
    /** Whether a writer is emptying the full intent log: appends wait meanwhile. Guarded by tracking. */
    private boolean emptyingJournal;
    private final VolumeLayout layout;
    private final Geometry geometry;
    private final BlockFiles files;
    private final PreservedBlocks preserved;
    private final ChangedBlocks changes;
    /** The intent log: what must be durable before live blocks change, and the bytes of workload writes. */
    private final Journal journal;
    /** Syncs the live file, for the parts of a delta. */
    private final GroupSync liveData;
    private volatile VolumeMetadata metadata;
    /**
     * The last epoch whose sector sums are durable. Changed only by the sums sync, holding the read lock, and by
     * checkpoints and rejoins, holding the write lock or before the volume is shared.
     */
    private long sumsDurable;
    private volatile boolean closed;
    /** For a clone, the volume of its origin snapshot; null otherwise. */
    private volatile Volume source;
    /** For a clone, the blocks it has written itself (the others read from its origin); guarded by tracking. */
    private final RoaringBitmap ownBlocks;
    /** Serialises the first writes of a clone's blocks, which copy the origin's content into the live file. */
    private final ReentrantLock materializing = new ReentrantLock();
    /** The ids of the clones of each snapshot of this volume, which keep it from being deleted. */
    private final Map<Long, Set<String>> clones = new ConcurrentHashMap<>();
    private volatile StepHook stepHook = step -> { };

    private Volume(VolumeLayout layout, VolumeMetadata metadata, BlockFiles files, PreservedBlocks preserved,
            ChangedBlocks changes, IntentLog log) {
        this.layout = layout;
        this.metadata = metadata;
        this.geometry = metadata.geometry();
        this.files = files;
        this.preserved = preserved;
        this.changes = changes;
        this.journal = new Journal(log, files);
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
     * Opens a volume, replaying its intent log. Without the mark of a clean stop, the open epoch's changed block
     * tracking is distrusted: deltas across it compare content.
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
        BlockFiles files = BlockFiles.open(layout, metadata.geometry());
        IntentLog log = IntentLog.open(layout.intentLog());
        Replayed replayed = replay(log, files, metadata);
        RoaringBitmap dirty = AtomicFiles.readBitmap(layout.dirty());
        dirty.or(replayed.blocks());
        preserved.latest().ifPresent(latest -> {
            preserved.of(latest).or(replayed.blocks());
            dirty.or(preserved.of(latest));
        });
        changes.loadDirty(dirty);
        boolean clean = Files.exists(layout.cleanStop());
        long sumsDurable = readSumsDurable(layout);
        if (!clean) {
            resum(files, metadata, preserved, changes, sumsDurable);
        }
        Volume volume = new Volume(layout, metadata, files, preserved, changes, log);
        volume.sumsDurable = sumsDurable;
        volume.checkpoint();
        if (!clean) {
            volume.commit(metadata.withOpenEpochDistrusted());
            LOG.warnf("volume %s at site %s: unclean stop (%d blocks recovered from the intent log, %d bytes of"
                    + " journaled writes written again); the changed block tracking of the open epoch is distrusted,"
                    + " deltas across it compare content", metadata.id(), site,
                    replayed.blocks().getLongCardinality(), replayed.journaledBytes());
        }
        Files.deleteIfExists(layout.cleanStop());
        AtomicFiles.syncDirectory(layout.directory());
        return volume;
    }

    /**
     * Replays the open epoch's records: the bytes of its journaled writes go to the live file again, in log order
     * (their sums are taken again after an unclean stop, with the other blocks written since the last checkpoint).
     */
    private static Replayed replay(IntentLog log, BlockFiles files, VolumeMetadata metadata) throws IOException {
        RoaringBitmap blocks = new RoaringBitmap();
        long[] journaledBytes = {0};
        log.replay(metadata.lastSnapshot(), (offset, length, data) -> {
            Geometry.BlockRange range = metadata.geometry().blocksOf(offset, length);
            blocks.add((long) range.first(), range.endExclusive());
            if (data != null) {
                files.writeLive(offset, data);
                journaledBytes[0] += length;
            }
        });
        return new Replayed(blocks, journaledBytes[0]);
    }

    /**
     * Takes the sums of the blocks written since the last epoch whose sums were durable from the data on disk,
     * in every file that holds such a block: their data is durable (the journaled writes written again by the
     * replay), their sums may not be (a write in flight may even have left new data with old sums; none of those
     * writes was acknowledged, so the data is right).
     */
    private static void resum(BlockFiles files, VolumeMetadata metadata, PreservedBlocks preserved,
            ChangedBlocks changes, long sumsDurable) throws IOException {
        RoaringBitmap recent = changes.dirty().clone();
        for (VolumeMetadata.Snapshot snapshot : metadata.snapshots()) {
            if (snapshot.number() > sumsDurable) {
                recent.or(changes.changed(snapshot.number()));
            }
        }
        files.resumLive(recent);
        for (VolumeMetadata.Snapshot snapshot : metadata.snapshots()) {
            RoaringBitmap held = RoaringBitmap.and(preserved.of(snapshot.number()), recent);
            if (!held.isEmpty()) {
                files.resumPreserved(snapshot.number(), held);
            }
        }
        LOG.infof("volume %s: sector sums of %d blocks written since epoch %d taken from their data", metadata.id(),
                recent.getLongCardinality(), sumsDurable);
    }

    private static long readSumsDurable(VolumeLayout layout) throws IOException {
        Path file = layout.sumsDurable();
        return Files.exists(file) ? Long.parseLong(Files.readString(file).trim()) : 0;
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
            geometry.checkWrite(offset, data.remaining(), "length");
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

    /** The lock that writes, applies and snapshots of this volume wait for while another thread holds it. */
    Lock exclusiveLock() {
        return lock.writeLock();
    }

    /** How deep in a chain of clones this volume is: 0 for a volume that is no clone. */
    int cloneDepth() {
        Volume origin = source;
        return origin == null ? 0 : origin.cloneDepth() + 1;
    }

    /** Takes the next snapshot of a primary: instant, nothing is copied. */
    public VolumeMetadata.Snapshot snapshot() throws IOException {
        return snapshot(UnaryOperator.identity());
    }

    /**
     * Freezes this primary and takes its next snapshot with one write of {@code volume.json}: no write lands after
     * the snapshot until the volume is thawed or demoted, and a crash leaves it with both or neither. A frozen
     * primary gets another snapshot, which holds what the previous one held, and the new reason.
     */
    VolumeMetadata.Snapshot freezeAndSnapshot(String reason) throws IOException {
        VolumeMetadata.Snapshot snapshot = snapshot(m -> m.frozen(reason));
        LOG.infof("volume %s: frozen (%s) at snapshot %d", id(), reason, snapshot.number());
        return snapshot;
    }

    private VolumeMetadata.Snapshot snapshot(UnaryOperator<VolumeMetadata> alsoChange) throws IOException {
        return withLock(lock.writeLock(), () -> {
            if (metadata.role() == VolumeRole.REPLICA) {
                throw new StoreException(Reason.REPLICA_NOT_WRITABLE, "volume " + id()
                        + " is a replica: its snapshots are sealed by applying its primary's deltas", "id");
            }
            return seal(metadata.lastSnapshot() + 1, alsoChange);
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
            delete(number);
            return null;
        });
    }

    /**
     * Deletes retained snapshot {@code number}, durably, whoever holds it: its preserved blocks that its predecessor
     * read through it move into the predecessor's file, its epoch merges into the next. Called with the write lock
     * held.
     */
    private void delete(long number) throws IOException {
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
        deleteSnapshotFiles(number);
        AtomicFiles.syncDirectory(layout.directory());
        LOG.infof("volume %s: deleted snapshot %d%s", id(), number, predecessor.isPresent()
                ? ", moved " + deletion.moved().getLongCardinality() + " blocks into snapshot "
                        + predecessor.getAsLong()
                : "");
    }

    private void deleteSnapshotFiles(long number) throws IOException {
        files.deletePreserved(number);
        Files.deleteIfExists(layout.preserved(number));
        Files.deleteIfExists(layout.changed(number));
        Files.deleteIfExists(layout.allocated(number));
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

    /**
     * Where the bytes of {@code extents} of snapshot {@code number} lie in the files (for a clone, a block it had
     * not written by then lies in its origin's, located there), with the CRC32C of each sector as stored with them:
     * what {@link #readSnapshot} reads, through the same holders. Extents are whole sectors inside the volume; the
     * caller bounds their total. As {@link #readSnapshot} does, the holders are taken again once the sums are read,
     * and while any extent's changed (a write preserved one of its blocks meanwhile) everything is located again:
     * when the answer is given, each segment holds snapshot {@code number}'s content, and the sums are its sums.
     * A later write may preserve a live block and overwrite it: see {@link ExtentLocations}.
     */
    public ExtentLocations locate(long number, List<Extent> extents) throws IOException {
        return withLock(lock.readLock(), () -> {
            requireSnapshot(number);
            for (Extent extent : extents) {
                geometry.checkWrite(extent.offset(), extent.length(), "length");
            }
            while (true) {
                long[][] holders = withLock(tracking, () -> holders(number, extents));
                ExtentLocations located = locateThrough(holders, extents);
                if (Arrays.deepEquals(holders, withLock(tracking, () -> holders(number, extents)))) {
                    return located;
                }
            }
        });
    }

    /**
     * The SHA-256 of the whole content of snapshot {@code number}, lower-case hex, read and checked against the
     * stored checksums: corrupt content has no digest.
     */
    public String digest(long number) throws IOException {
        Verification verification = verify(number);
        if (!verification.intact()) {
            throw new StoreException(Reason.CORRUPT, "snapshot " + number + " of volume " + id() + " has "
                    + verification.corruptBlockCount() + " corrupt blocks, first at offset "
                    + verification.corruptBlocks().get(0).offset() + " in " + verification.corruptBlocks().get(0).file()
                    + ": it has no trustworthy digest");
        }
        return verification.digest();
    }

    /** Reads every sector of snapshot {@code number}, checks it against its stored checksum, digests the content. */
    public Verification verify(long number) throws IOException {
        withLock(lock.readLock(), () -> {
            requireSnapshot(number);
            return null;
        });
        return verifyChunks(number, "snapshot " + number + " of volume " + id(), null, true,
                (offset, length, corrupt) -> checkedRead(number, offset, length, corrupt));
    }

    /** Reads every sector of the live volume and checks it; writes wait while a chunk is read. */
    public Verification verifyLive() throws IOException {
        return verifyChunks(null, "live volume " + id(), null, true, this::checkedLiveRead);
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

    /**
     * The blocks ever written up to snapshot {@code number}; when an epoch up to it is distrusted (an unclean
     * stop), also every block whose content is not all zeros.
     */
    public RoaringBitmap allocated(long number) throws IOException {
        RoaringBitmap own = withLock(lock.readLock(), () -> {
            requireSnapshot(number);
            return changes.allocated(number).clone();
        });
        if (metadata.distrustsAnyEpoch(0, number)) {
            long tracked = own.getLongCardinality();
            own.or(nonZeroBlocks(number));
            LOG.infof("volume %s: allocated blocks of snapshot %d span a distrusted epoch: %d blocks hold data or"
                    + " were written (tracking had %d)", id(), number, own.getLongCardinality(), tracked);
        }
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
     * Makes this replica the primary at its consistent snapshot. The blocks that parts of an unsealed delta wrote get
     * that snapshot's content back and leave the changed block tracking, durably, before the role changes with one
     * write of {@code volume.json}: the next snapshot's changes are the writes made after the promotion. A no-op for
     * a primary.
     */
    public VolumeMetadata promote() throws IOException {
        return withLock(lock.writeLock(), () -> {
            if (metadata.role() == VolumeRole.PRIMARY) {
                return metadata;
            }
            long consistent = requirePromotable();
            long undone = restoreLatestSnapshot();
            stepHook.reached(Step.PARTS_UNDONE);
            withLock(tracking, () -> {
                preserved.released(changes.discardOpenEpoch());
                return null;
            });
            checkpoint();
            stepHook.reached(Step.TRACKING_RESET);
            commit(metadata.promoted());
            LOG.infof("volume %s: promoted to primary at snapshot %d (%d bytes of unsealed parts undone)", id(),
                    consistent, undone);
            return metadata;
        });
    }

    /**
     * Makes this frozen primary a replica consistent at its latest snapshot, thawed (its role keeps workload writes
     * out), with one write of {@code volume.json}; refused while a block written since that snapshot would be lost.
     * A no-op for a replica.
     */
    public VolumeMetadata demote() throws IOException {
        return withLock(lock.writeLock(), () -> {
            if (metadata.role() == VolumeRole.REPLICA) {
                return metadata;
            }
            long latest = requireDemotable();
            commit(metadata.demoted(latest));
            LOG.infof("volume %s: demoted to a replica consistent at snapshot %d", id(), latest);
            return metadata;
        });
    }

    /**
     * Makes this primary, the copy of a site that lost it in a failover, a replica consistent at snapshot
     * {@code snapshot}, the last one the new primary holds too. It is frozen first, durably; the snapshots after
     * {@code snapshot} are deleted, newest first, whoever holds them (their history is abandoned); every block that
     * diverged since {@code snapshot} gets its content back from it, durably; then one write of {@code volume.json}
     * makes it the replica, thawed, with {@code snapshot} as its last snapshot, so that the new primary's next ones
     * can be sealed here. After a crash midway it is a frozen primary that a repeated rejoin completes. A no-op for a
     * replica, whatever its consistent snapshot.
     */
    public Rejoined rejoin(long snapshot) throws IOException {
        if (snapshot < 1) {
            throw StoreException.invalid("snapshot", "snapshot must be 1 or more, was " + snapshot);
        }
        return withLock(lock.writeLock(), () -> {
            if (metadata.role() == VolumeRole.REPLICA) {
                return new Rejoined(metadata, 0, List.of(), ChangeMethod.CBT);
            }
            List<Long> discarded = requireRejoinable(snapshot);
            fenceForRejoin(snapshot);
            for (int i = discarded.size() - 1; i >= 0; i--) {
                discard(discarded.get(i), snapshot);
            }
            ChangeSet diverged = divergedFrom(snapshot);
            // The write-back is not journaled: no earlier journaled write may be replayed over it.
            checkpoint();
            restore(snapshot, diverged.blocks());
            stepHook.reached(Step.REJOIN_DIVERGED_RESTORED);
            withLock(tracking, () -> {
                changes.loadDirty(diverged.blocks().clone());
                return null;
            });
            deleteSnapshotFilesAfter(snapshot);
            checkpoint();
            if (sumsDurable > snapshot) {
                writeSumsDurable(snapshot);
            }
            stepHook.reached(Step.REJOIN_CHECKPOINTED);
            commit(metadata.rejoined(snapshot));
            Rejoined rejoined = new Rejoined(metadata, diverged.blocks().getLongCardinality(), discarded,
                    diverged.method());
            LOG.infof("volume %s: rejoined as a replica consistent at snapshot %d; snapshots discarded: %s; %d"
                    + " diverged blocks (%d bytes, found by %s) written back from it", id(), snapshot, discarded,
                    rejoined.divergedBlocks(), rejoined.divergedBytes(), diverged.method().code());
            return rejoined;
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

    /**
     * Prepares this frozen replica to receive snapshot {@code number} in parts: restores the blocks that parts of an
     * abandoned delta wrote since the consistent snapshot, and for a full copy zeros every block, durably. A no-op
     * when the replica already holds {@code number}.
     *
     * @param base the snapshot the delta starts from, null for a full copy
     */
    public void beginApply(Long base, long number) throws IOException {
        withLock(lock.writeLock(), () -> {
            Long consistent = metadata.consistentSnapshot();
            checkApply(base, number, consistent);
            if (consistent == null || consistent < number) {
                long restored = restoreLatestSnapshot();
                if (base == null) {
                    zero(changes.allocatedNow());
                }
                files.syncLive();
                LOG.infof("volume %s: receiving snapshot %d from base %s (%d bytes written since the consistent"
                        + " snapshot restored)", id(), number, base == null ? "none (full copy)" : base, restored);
            }
            return null;
        });
    }

    /**
     * Writes one part of the delta that brings this frozen replica to snapshot {@code number}, durably; parts are
     * written concurrently and in any order. The consistent snapshot stays readable as it was. A no-op returning 0
     * when the replica already holds {@code number}.
     *
     * @return the data bytes written
     */
    public long applyPart(Long base, long number, DeltaFormat.Reader part) throws IOException {
        return withLock(lock.readLock(), () -> {
            Long consistent = metadata.consistentSnapshot();
            checkApply(base, number, consistent);
            if (consistent != null && consistent >= number) {
                return 0L;
            }
            long applied = writeDelta(part);
            liveData.await(liveData.issue());
            return applied;
        });
    }

    /**
     * Seals the parts written since {@link #beginApply} as snapshot {@code number}, which becomes the consistent
     * snapshot. A no-op when the replica already holds it.
     */
    public void sealApply(long number) throws IOException {
        sealApply(number, false);
    }

    /**
     * Seals as {@link #sealApply(long)} does and, with {@code thaw}, thaws the replica in the same durable write of
     * its metadata: no moment when it is consistent but still frozen. A replica that holds {@code number} already is
     * only thawed.
     */
    public void sealApply(long number, boolean thaw) throws IOException {
        withLock(lock.writeLock(), () -> {
            Long consistent = metadata.consistentSnapshot();
            checkApply(null, number, consistent);
            if (consistent == null || consistent < number) {
                long changed = changes.dirty().getLongCardinality();
                seal(number, m -> thaw ? m.withConsistentSnapshot(number).thawed()
                        : m.withConsistentSnapshot(number));
                LOG.infof("volume %s: %d blocks received in parts, consistent at snapshot %d%s", id(), changed,
                        number, thaw ? ", thawed" : "");
            } else if (thaw && metadata.frozen()) {
                commit(metadata.thawed());
                LOG.infof("volume %s: thawed, consistent at snapshot %d", id(), consistent);
            }
            return null;
        });
    }

    /**
     * Reads the blocks written since the latest snapshot (all of them if there is none) and checks every sector
     * against its checksum: a replica's parts before they are sealed. No digest: the content is not a snapshot's.
     */
    public Verification verifyChanged() throws IOException {
        long started = System.nanoTime();
        RoaringBitmap changed = withLock(lock.readLock(), () -> changes.dirty().clone());
        List<long[]> runs = new ArrayList<>();
        forEachRun(changed, Math.max(geometry.blockSize(), DIGEST_CHUNK),
                (offset, length) -> runs.add(new long[] {offset, length}));
        List<Verification.CorruptBlock> corrupt = Collections.synchronizedList(new ArrayList<>());
        for (int first = 0; first < runs.size(); first += VERIFY_BATCH) {
            List<Callable<Void>> batch = runs.subList(first, Math.min(runs.size(), first + VERIFY_BATCH))
                    .stream().<Callable<Void>>map(run -> () -> {
                        liveRead(run[0], (int) run[1], corrupt, verifyBuffer((int) run[1]));
                        return null;
                    }).toList();
            withLock(lock.writeLock(), () -> {
                BlockFiles.runAll(batch, "verifying the blocks written since the latest snapshot of volume " + id());
                return null;
            });
        }
        corrupt.sort(Comparator.comparingLong(Verification.CorruptBlock::offset));
        long checked = runs.stream().mapToLong(run -> run[1]).sum();
        return verified(null, "blocks written since the latest snapshot of volume " + id(), null, checked, corrupt,
                started);
    }

    private static ByteBuffer verifyBuffer(int length) {
        ByteBuffer buffer = VERIFY_BUFFER.get();
        return length <= buffer.capacity() ? buffer.clear().limit(length) : ByteBuffer.allocate(length);
    }

    /** Checkpoints and marks the stop clean, so the next open trusts the open epoch's changed block tracking. */
    @Override
    public void close() throws IOException {
        withLock(lock.writeLock(), () -> {
            closed = true;
            checkpoint();
            AtomicFiles.write(layout.cleanStop(), new byte[0]);
            files.close();
            journal.close();
            return null;
        });
    }

    /**
     * Stops as the death of the process would: waits for the work in flight (a background sums sync among it), then
     * closes the files without a checkpoint or a clean-stop marker, so the next open recovers as after a crash.
     */
    void halt() throws IOException {
        withLock(lock.writeLock(), () -> {
            closed = true;
            files.close();
            journal.close();
            return null;
        });
    }

    /** Called with the write lock held; returns the consistent snapshot. */
    private long requirePromotable() {
        Long consistent = metadata.consistentSnapshot();
        if (consistent == null) {
            throw new StoreException(Reason.NO_CONSISTENT_SNAPSHOT, "replica " + id() + " has no consistent"
                    + " snapshot (it never sealed a delta): there is nothing to promote it at", "id");
        }
        if (!metadata.isRetained(consistent)) {
            throw new StoreException(Reason.NO_CONSISTENT_SNAPSHOT, "the consistent snapshot " + consistent
                    + " of replica " + id() + " was deleted: the replica cannot be brought back to it", "id");
        }
        return consistent;
    }

    /** Called with the write lock held; returns the latest snapshot, which the replica is to be consistent at. */
    private long requireDemotable() throws IOException {
        if (!metadata.frozen()) {
            throw new StoreException(Reason.NOT_FROZEN, "volume " + id() + " is a writable primary: freeze it with"
                    + " its final snapshot (POST /snapshots with a freezeReason) before demoting it", "id");
        }
        Long latest = metadata.latestSnapshot();
        if (latest == null) {
            throw new StoreException(Reason.NO_CONSISTENT_SNAPSHOT, "volume " + id() + " has no snapshot for a"
                    + " replica to be consistent at: snapshot it before demoting it", "id");
        }
        // Complete after a crash too: the intent log holds every write, and a block that reads differently from the
        // snapshot is one the snapshot preserved, which the open epoch's bitmap holds.
        RoaringBitmap written = withLock(tracking, () -> changes.dirty().clone());
        if (!written.isEmpty()) {
            throw new StoreException(Reason.UNSNAPSHOTTED_WRITES, written.getLongCardinality() + " blocks of volume "
                    + id() + " (the first at offset " + geometry.offsetOf(written.first()) + ") were written since"
                    + " its latest snapshot " + latest + ": demoting it would lose them; snapshot it first", "id");
        }
        return latest;
    }

    /**
     * Called with the write lock held; returns the retained snapshots after {@code snapshot}, ascending, which a
     * rejoin at it deletes.
     */
    private List<Long> requireRejoinable(long snapshot) {
        requireSnapshot(snapshot);
        List<Long> after = metadata.snapshots().stream().map(VolumeMetadata.Snapshot::number)
                .filter(number -> number > snapshot).toList();
        List<String> cloned = after.stream().filter(number -> !clonesOf(number).isEmpty())
                .map(number -> "snapshot " + number + " is cloned by volume " + String.join(", ", clonesOf(number)))
                .toList();
        if (!cloned.isEmpty()) {
            throw new StoreException(Reason.SNAPSHOT_IN_USE, "volume " + id() + " cannot rejoin as a replica at"
                    + " snapshot " + snapshot + ", which deletes the snapshots after it: " + String.join("; ", cloned)
                    + "; delete the clones first", "snapshot");
        }
        return after;
    }

    /** Freezes this primary durably, unless a rejoin that a crash stopped already did. */
    private void fenceForRejoin(long snapshot) throws IOException {
        String reason = "rejoining as a replica at snapshot " + snapshot;
        if (!metadata.frozen() || !reason.equals(metadata.frozenReason())) {
            commit(metadata.frozen(reason));
            LOG.infof("volume %s: frozen (%s)", id(), reason);
        }
        stepHook.reached(Step.REJOIN_FENCED);
    }

    /** Deletes snapshot {@code number}, the latest, after the one a rejoin is at, dropping its holds. */
    private void discard(long number, long snapshot) throws IOException {
        for (String holder : metadata.snapshot(number).holds()) {
            LOG.infof("volume %s: dropping the hold of %s on snapshot %d: rejoining as a replica at snapshot %d"
                    + " abandons the history after it", id(), holder, number, snapshot);
        }
        delete(number);
        stepHook.reached(Step.REJOIN_SNAPSHOT_DISCARDED);
    }

    /**
     * The blocks whose live content may differ from snapshot {@code snapshot}, the latest: those written since it,
     * and, when that tracking is distrusted (an unclean stop), those whose content differs too.
     */
    private ChangeSet divergedFrom(long snapshot) throws IOException {
        RoaringBitmap written = withLock(tracking, () -> changes.dirty().clone());
        if (!metadata.openEpochDistrusted()) {
            return new ChangeSet(written, ChangeMethod.CBT);
        }
        RoaringBitmap differing = differingBlocks(this::read,
                (offset, length) -> readSnapshot(snapshot, offset, length));
        LOG.infof("volume %s: the tracking of the writes since snapshot %d is distrusted: %d blocks differ from it"
                + " by content (tracking had %d)", id(), snapshot, differing.getLongCardinality(),
                written.getLongCardinality());
        differing.or(written);
        return new ChangeSet(differing, ChangeMethod.CHECKSUM);
    }

    /**
     * Deletes the files of the snapshots after {@code snapshot} that a crash in their deletion left behind: a rejoin
     * gives their numbers to the new primary's snapshots, whose copy-on-write files must start empty (a hole in
     * them reads as zeros).
     */
    private void deleteSnapshotFilesAfter(long snapshot) throws IOException {
        List<Long> leftovers;
        try (Stream<Path> entries = Files.list(layout.directory())) {
            leftovers = entries.map(VolumeLayout::snapshotOf).flatMapToLong(OptionalLong::stream)
                    .filter(number -> number > snapshot).distinct().sorted().boxed().toList();
        }
        for (long number : leftovers) {
            deleteSnapshotFiles(number);
        }
        if (!leftovers.isEmpty()) {
            AtomicFiles.syncDirectory(layout.directory());
            LOG.infof("volume %s: deleted the files left behind by snapshots %s", id(), leftovers);
        }
    }

    /** For the crash tests: {@code hook} is called at each {@link Step} of a promotion or a rejoin. */
    void onStep(StepHook hook) {
        this.stepHook = hook;
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

    /**
     * Writes a delta's records in batches: the old content of a batch's blocks and their intent records are made
     * durable with one sync before its live blocks are overwritten. The live file is synced once, by the seal.
     */
    private long writeDelta(DeltaFormat.Reader delta) throws IOException {
        long applied = 0;
        List<DeltaFormat.Record> batch = new ArrayList<>();
        long batchBytes = 0;
        try {
            for (Optional<DeltaFormat.Record> next = delta.next(); next.isPresent(); next = delta.next()) {
                DeltaFormat.Record record = next.get();
                try {
                    geometry.checkWrite(record.offset(), record.length(), "length");
                } catch (StoreException e) {
                    throw StoreException.invalid("delta", "delta record at volume offset " + record.offset() + ": "
                            + e.getMessage());
                }
                if (record.length() > 0) {
                    batch.add(record);
                    batchBytes += record.length();
                }
                if (batchBytes >= APPLY_BATCH) {
                    applied += applyBatch(batch);
                    batch.clear();
                    batchBytes = 0;
                }
            }
        } catch (DeltaFormatException e) {
            throw StoreException.invalid("delta", e.getMessage());
        }
        return applied + applyBatch(batch);
    }

    private long applyBatch(List<DeltaFormat.Record> batch) throws IOException {
        preserveAhead(batch);
        long ticket = 0;
        for (DeltaFormat.Record record : batch) {
            ticket = Math.max(ticket, recordIntents(record.offset(), record.length(), null));
        }
        journal.await(ticket);
        long applied = 0;
        for (DeltaFormat.Record record : batch) {
            files.writeLiveDirect(record.offset(), record.data().duplicate());
            applied += record.length();
        }
        return applied;
    }

    /**
     * Copies aside at once the blocks of a batch that the latest snapshot must keep, so that the copies run in
     * parallel ({@link BlockFiles#preserve}) rather than one record after the other: a delta's scattered blocks
     * each wait for the device otherwise. The records' intents then find them preserved. A clone's blocks that are
     * still its origin's are left to {@link #recordIntents}, which materializes them first.
     */
    private void preserveAhead(List<DeltaFormat.Record> batch) throws IOException {
        if (source != null || batch.size() < 2) {
            return;
        }
        RoaringBitmap blocks = new RoaringBitmap();
        for (DeltaFormat.Record record : batch) {
            Geometry.BlockRange range = geometry.blocksOf(record.offset(), record.length());
            blocks.add((long) range.first(), range.endExclusive());
        }
        withLock(tracking, () -> {
            if (preserved.latest().isEmpty()) {
                return null;
            }
            RoaringBitmap toPreserve = preserved.toPreserve(blocks);
            if (!toPreserve.isEmpty()) {
                preserve(toPreserve);
            }
            return null;
        });
    }

    /** A full copy replaces everything: blocks it does not write must read as zeros, as at the source. */
    private void zero(RoaringBitmap blocks) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate(Math.max(geometry.blockSize(), ZERO_CHUNK));
        forEachRun(blocks, ZERO_CHUNK, (offset, length) -> {
            zeros.clear().limit(length);
            journal.await(recordIntents(offset, length, null));
            files.writeLive(offset, zeros);
        });
    }

    /**
     * Copies what the latest snapshot must keep and journals the bytes in the intent log, in records of at most
     * {@link IntentLog#MAX_DATA} bytes, and waits until both are durable and the bytes are in the live file.
     */
    private void writeBlocks(long offset, ByteBuffer data) throws IOException {
        long ticket = 0;
        for (int done = 0; done < data.remaining(); done += IntentLog.MAX_DATA) {
            int length = Math.min(IntentLog.MAX_DATA, data.remaining() - done);
            ticket = recordIntents(offset + done, length, data.slice(data.position() + done, length));
        }
        journal.await(ticket);
    }

    /**
     * Records the intent to write bytes {@code [offset, offset + length)}, journaling {@code data} (null: the caller
     * writes the live blocks in place once the returned sync ticket is awaited).
     */
    private long recordIntents(long offset, int length, ByteBuffer data) throws IOException {
        Geometry.BlockRange range = geometry.blocksOf(offset, length);
        boolean owned = source == null
                || withLock(tracking, () -> ownBlocks.contains((long) range.first(), range.endExclusive()));
        return owned ? withLock(tracking, () -> recordIntent(range, offset, length, data))
                : withLock(materializing, () -> {
                    materialize(range);
                    return withLock(tracking, () -> recordIntent(range, offset, length, data));
                });
    }

    /**
     * The sync ticket after which the live blocks of {@code range} may be overwritten, or, for a journaled write of
     * {@code data}, after which they are. Called with tracking held.
     */
    private long recordIntent(Geometry.BlockRange range, long offset, int length, ByteBuffer data)
            throws IOException {
        makeRoom(data == null ? 0 : length);
        RoaringBitmap toPreserve = preserved.latest().isPresent() ? preserved.toPreserve(range) : new RoaringBitmap();
        if (!toPreserve.isEmpty()) {
            preserve(toPreserve);
        } else if (data == null && changes.dirty().contains((long) range.first(), range.endExclusive())) {
            return journal.lastTicket();
        }
        changes.written(range);
        if (ownBlocks != null) {
            ownBlocks.add((long) range.first(), range.endExclusive());
        }
        return data == null ? journal.appendBlocks(metadata.lastSnapshot(), offset, length)
                : journal.appendData(metadata.lastSnapshot(), offset, data);
    }

    /**
     * Copies the live content of {@code toPreserve}, blocks the latest snapshot has not preserved yet, into its
     * copy-on-write file and records them as preserved. Called with tracking held.
     */
    private void preserve(RoaringBitmap toPreserve) throws IOException {
        long latest = preserved.latest().getAsLong();
        // A block never written up to the snapshot reads as zeros, as does the hole left in its file.
        RoaringBitmap toCopy = metadata.distrustsAnyEpoch(0, latest) ? toPreserve
                : RoaringBitmap.and(toPreserve, changes.allocated(latest));
        if (!toCopy.isEmpty()) {
            files.preserve(latest, toCopy);
        }
        preserved.preserved(toPreserve);
    }

    /**
     * Returns once the intent log has room for a record of {@code dataBytes} bytes of data and no checkpoint is
     * emptying it. When it is full, the caller checkpoints: the records appended so far made durable, their
     * journaled bytes written to the live file, which is synced, the open epoch's bitmaps written, the log emptied.
     * Appends wait meanwhile; reads do not, as tracking is released while the live file is synced. Called with
     * tracking held.
     */
    private void makeRoom(int dataBytes) throws IOException {
        while (emptyingJournal) {
            journalEmptied.awaitUninterruptibly();
        }
        if (journal.fits(dataBytes)) {
            return;
        }
        emptyingJournal = true;
        long appended = journal.lastTicket();
        tracking.unlock();
        try {
            journal.await(appended);
            files.syncLive();
        } finally {
            tracking.lock();
            emptyingJournal = false;
            journalEmptied.signalAll();
        }
        saveOpenEpoch();
        journal.clear();
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
    private long[] holders(long number, long offset, long length) {
        Geometry.BlockRange range = geometry.blocksOf(offset, length);
        long[] holders = new long[(int) (range.endExclusive() - range.first())];
        RoaringBitmap own = source == null ? null : changes.allocated(number);
        for (int i = 0; i < holders.length; i++) {
            int block = range.first() + i;
            holders[i] = own != null && !own.contains(block) ? ORIGIN : preserved.holder(number, block).orElse(-1);
        }
        return holders;
    }

    /** {@link #holders(long, long, long)} of each extent. */
    private long[][] holders(long number, List<Extent> extents) {
        return extents.stream().map(extent -> holders(number, extent.offset(), extent.length()))
                .toArray(long[][]::new);
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
        forEachHolderRun(holders, offset, length, (holder, position, runLength) -> {
            out.limit((int) (position + runLength - offset));
            if (holder == ORIGIN) {
                out.put(source.readSnapshot(metadata.origin().snapshot(), position, (int) runLength));
            } else if (holder >= 0) {
                files.readPreserved(holder, position, out);
            } else {
                files.readLive(position, out);
            }
        });
        return out.array();
    }

    /** As {@link #readThrough}, for each extent: where its bytes lie instead of the bytes. */
    private ExtentLocations locateThrough(long[][] holders, List<Extent> extents) throws IOException {
        LocatedExtents located = new LocatedExtents();
        for (int i = 0; i < holders.length; i++) {
            Extent extent = extents.get(i);
            forEachHolderRun(holders[i], extent.offset(), extent.length(), (holder, position, runLength) -> {
                if (holder == ORIGIN) {
                    located.add(source.locate(metadata.origin().snapshot(), List.of(new Extent(position, runLength))));
                } else {
                    located.add(fileOf(holder).toAbsolutePath(), position, runLength,
                            SectorSums.crc32cs(sumsOf(holder, position, Math.toIntExact(runLength))));
                }
            });
        }
        return located.build();
    }

    /**
     * Calls {@code run} for each run of adjacent blocks of bytes {@code [offset, offset + length)} with the same
     * holder ({@code holders} has one per block they touch), cut to those bytes.
     */
    private void forEachHolderRun(long[] holders, long offset, long length, HolderRun run) throws IOException {
        int first = geometry.blockOf(offset);
        long position = offset;
        long end = offset + length;
        while (position < end) {
            long holder = holders[geometry.blockOf(position) - first];
            long runEnd = Math.min(end, geometry.offsetOf(geometry.blockOf(position) + 1));
            while (runEnd < end && holders[geometry.blockOf(runEnd) - first] == holder) {
                runEnd = Math.min(end, runEnd + geometry.blockSize());
            }
            run.on(holder, position, runEnd - position);
            position = runEnd;
        }
    }

    /** The file of a holder other than {@link #ORIGIN}: a snapshot's copy-on-write file, or the live file. */
    private Path fileOf(long holder) {
        return holder >= 0 ? layout.cow(holder) : layout.data();
    }

    /** The stored sums of bytes {@code [offset, offset + length)} in the file of {@code holder}. */
    private ByteBuffer sumsOf(long holder, long offset, int length) throws IOException {
        return holder >= 0 ? files.preservedSums(holder, offset, length) : files.liveSums(offset, length);
    }

    /**
     * Checks {@code blocks} (every block when null) in runs of at most {@value #DIGEST_CHUNK} bytes, in order, and
     * digests their content if {@code digest}.
     */
    private Verification verifyChunks(Long snapshot, String what, RoaringBitmap blocks, boolean digest,
            ChunkCheck check) throws IOException {
        long started = System.nanoTime();
        MessageDigest sha256 = digest ? sha256() : null;
        List<Verification.CorruptBlock> corrupt = new ArrayList<>();
        long[] checked = {0};
        forEachRun(blocks, Math.max(geometry.blockSize(), DIGEST_CHUNK), (offset, length) -> {
            byte[] content = check.read(offset, length, corrupt);
            if (sha256 != null) {
                sha256.update(content);
            }
            checked[0] += length;
        });
        return verified(snapshot, what, sha256, checked[0], corrupt, started);
    }

    private Verification verified(Long snapshot, String what, MessageDigest sha256, long checked,
            List<Verification.CorruptBlock> corrupt, long started) {
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (corrupt.isEmpty()) {
            LOG.infof("%s verified in %d ms: every sector matches its checksum", what, millis);
        } else {
            LOG.errorf("%s: %d blocks do not match their checksums, first at offset %d in %s", what, corrupt.size(),
                    corrupt.get(0).offset(), corrupt.get(0).file());
        }
        return new Verification(id(), snapshot, Digest.SHA256,
                sha256 == null ? null : HexFormat.of().formatHex(sha256.digest()),
                checked, Geometry.SECTOR_SIZE, corrupt.isEmpty(), corrupt.size(),
                List.copyOf(corrupt.subList(0, Math.min(corrupt.size(), Verification.LISTED))), millis);
    }

    /** Calls {@code run} for each run of adjacent {@code blocks} (every block when null), cut at {@code maxBytes}. */
    private void forEachRun(RoaringBitmap blocks, int maxBytes, RunAction run) throws IOException {
        int perRun = Math.max(1, maxBytes / geometry.blockSize());
        if (blocks == null) {
            for (long offset = 0; offset < geometry.sizeBytes(); offset += (long) perRun * geometry.blockSize()) {
                run.on(offset, (int) Math.min((long) perRun * geometry.blockSize(), geometry.sizeBytes() - offset));
            }
            return;
        }
        PeekableIntIterator it = blocks.getIntIterator();
        while (it.hasNext()) {
            int first = it.next();
            int last = first;
            while (it.hasNext() && it.peekNext() == last + 1 && last - first + 1 < perRun) {
                last = it.next();
            }
            run.on(geometry.offsetOf(first), (last - first + 1) * geometry.blockSize());
        }
    }

    /** Reads whole blocks of the live volume, adding the blocks that fail their checksums; writes wait meanwhile. */
    private byte[] checkedLiveRead(long offset, int length, List<Verification.CorruptBlock> corrupt)
            throws IOException {
        return withLock(lock.writeLock(), () -> liveRead(offset, length, corrupt, ByteBuffer.allocate(length)).array());
    }

    /** As {@link #checkedLiveRead}, for a caller that holds the write lock on the reading thread's behalf. */
    private ByteBuffer liveRead(long offset, int length, List<Verification.CorruptBlock> corrupt, ByteBuffer out)
            throws IOException {
        long[] holders;
        if (source == null) {
            holders = new long[length / geometry.blockSize()];
            Arrays.fill(holders, -1);
        } else {
            holders = withLock(tracking, () -> liveHolders(offset, length));
        }
        return readChecked(holders, offset, corrupt, out);
    }

    /**
     * Writes back into the live file the content that the latest snapshot holds for every block written since it:
     * what parts of an abandoned delta wrote is undone. Called with the write lock held.
     *
     * @return the bytes restored
     */
    private long restoreLatestSnapshot() throws IOException {
        Long latest = metadata.latestSnapshot();
        return latest == null ? 0 : restore(latest, withLock(tracking, () -> changes.dirty().clone()));
    }

    /**
     * Writes back into the live file the content that snapshot {@code latest}, the latest, holds for {@code blocks},
     * through the intent log, not synced. Called with the write lock held.
     *
     * @return the bytes restored
     */
    private long restore(long latest, RoaringBitmap blocks) throws IOException {
        long[] restored = {0};
        forEachRun(blocks, ZERO_CHUNK, (offset, length) -> {
            byte[] content = readThrough(withLock(tracking, () -> holders(latest, offset, length)), offset, length);
            journal.await(recordIntents(offset, length, null));
            files.writeLive(offset, ByteBuffer.wrap(content));
            restored[0] += length;
        });
        return restored[0];
    }

    /** Reads block-aligned bytes of snapshot {@code number}, adding the blocks that fail their checksums. */
    private byte[] checkedRead(long number, long offset, int length, List<Verification.CorruptBlock> corrupt)
            throws IOException {
        return withLock(lock.readLock(), () -> {
            requireSnapshot(number);
            while (true) {
                long[] holders = withLock(tracking, () -> holders(number, offset, length));
                List<Verification.CorruptBlock> found = new ArrayList<>();
                byte[] content = readChecked(holders, offset, found, ByteBuffer.allocate(length)).array();
                if (Arrays.equals(holders, withLock(tracking, () -> holders(number, offset, length)))) {
                    corrupt.addAll(found);
                    return content;
                }
            }
        });
    }

    /** As {@link #readThrough}, for whole blocks, checking each sector against the sums of the file it is in. */
    private ByteBuffer readChecked(long[] holders, long offset, List<Verification.CorruptBlock> corrupt,
            ByteBuffer out) throws IOException {
        int first = geometry.blockOf(offset);
        for (int i = 0; i < holders.length; ) {
            long holder = holders[i];
            int run = 1;
            while (i + run < holders.length && holders[i + run] == holder) {
                run++;
            }
            long position = geometry.offsetOf(first + i);
            int runLength = run * geometry.blockSize();
            if (holder == ORIGIN) {
                out.put(source.checkedRead(metadata.origin().snapshot(), position, runLength, corrupt));
            } else {
                ByteBuffer content = out.slice(out.position(), runLength);
                ByteBuffer sums = sumsOf(holder, position, runLength);
                if (holder >= 0) {
                    files.readPreserved(holder, position, content);
                } else {
                    files.readLiveDirect(position, content);
                }
                compare(content.flip(), sums, position, layout.name(fileOf(holder)), corrupt);
                out.position(out.position() + runLength);
            }
            i += run;
        }
        return out;
    }

    private void compare(ByteBuffer content, ByteBuffer sums, long offset, String file,
            List<Verification.CorruptBlock> corrupt) {
        ByteBuffer actual = SectorSums.of(content);
        int sectors = actual.remaining() / SectorSums.BYTES;
        int bad = 0;
        for (int sector = 0; sector < sectors; sector++) {
            if (actual.getInt(sector * SectorSums.BYTES) != sums.getInt(sector * SectorSums.BYTES)) {
                bad++;
            }
            if ((sector + 1) % geometry.sectorsPerBlock() == 0) {
                if (bad > 0) {
                    long blockOffset = offset + (long) (sector + 1 - geometry.sectorsPerBlock()) * Geometry.SECTOR_SIZE;
                    corrupt.add(new Verification.CorruptBlock(geometry.blockOf(blockOffset), blockOffset, bad, file));
                }
                bad = 0;
            }
        }
    }

    private RoaringBitmap nonZeroBlocks(long number) throws IOException {
        RoaringBitmap nonZero = new RoaringBitmap();
        int blockSize = geometry.blockSize();
        int chunk = Math.max(blockSize, DIGEST_CHUNK);
        byte[] zeros = new byte[blockSize];
        for (long offset = 0; offset < geometry.sizeBytes(); offset += chunk) {
            byte[] content = readSnapshot(number, offset, (int) Math.min(chunk, geometry.sizeBytes() - offset));
            for (int at = 0; at < content.length; at += blockSize) {
                if (Arrays.mismatch(content, at, at + blockSize, zeros, 0, blockSize) >= 0) {
                    nonZero.add(geometry.blockOf(offset + at));
                }
            }
        }
        return nonZero;
    }

    /** The blocks whose content differs between two snapshots, read block by block from both. */
    private RoaringBitmap differingBlocks(long base, long target) throws IOException {
        return differingBlocks((offset, length) -> readSnapshot(base, offset, length),
                (offset, length) -> readSnapshot(target, offset, length));
    }

    /** The blocks whose content differs between two versions of the volume, read block by block from both. */
    private RoaringBitmap differingBlocks(ContentReader base, ContentReader target) throws IOException {
        RoaringBitmap differing = new RoaringBitmap();
        int blockSize = geometry.blockSize();
        int chunk = Math.max(blockSize, DIGEST_CHUNK);
        for (long offset = 0; offset < geometry.sizeBytes(); offset += chunk) {
            int length = (int) Math.min(chunk, geometry.sizeBytes() - offset);
            byte[] before = base.read(offset, length);
            byte[] after = target.read(offset, length);
            for (int at = 0; at < length; at += blockSize) {
                if (Arrays.mismatch(before, at, at + blockSize, after, at, at + blockSize) >= 0) {
                    differing.add(geometry.blockOf(offset + at));
                }
            }
        }
        return differing;
    }

    /**
     * Makes the live data, the sums and the open epoch's bitmaps durable in their files and empties the intent log.
     * Called with the write lock held, or before the volume is shared.
     */
    private void checkpoint() throws IOException {
        settleJournal();
        files.syncCows();
        files.syncLive();
        files.syncSums();
        markSumsDurable(metadata.lastSnapshot());
        saveOpenEpoch();
        journal.clear();
    }

    /** Writes the open epoch's bitmaps, the latest snapshot's preserved blocks and the dirty blocks, durably. */
    private void saveOpenEpoch() throws IOException {
        OptionalLong latest = preserved.latest();
        if (latest.isPresent()) {
            AtomicFiles.writeBitmap(layout.preserved(latest.getAsLong()), preserved.of(latest.getAsLong()));
        }
        AtomicFiles.writeBitmap(layout.dirty(), changes.dirty());
    }

    /**
     * Makes every record appended durable and writes its journaled bytes to the live file, before the log is
     * emptied: a write returns only once they are there, so this matters only after one failed midway.
     */
    private void settleJournal() throws IOException {
        journal.await(journal.lastTicket());
    }

    private VolumeMetadata.Snapshot seal(long number, UnaryOperator<VolumeMetadata> alsoChange) throws IOException {
        settleJournal();
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
        journal.clear();
        LOG.infof("volume %s: sealed snapshot %d (%d blocks changed in its epoch)", id(), number,
                sealed.changed().getLongCardinality());
        SUMS_SYNC.execute(() -> syncSumsOf(number));
        return snapshot;
    }

    /**
     * Makes the sums written up to the seal of {@code epoch} durable, off the seal's path: until then, an unclean
     * stop takes the sums of the blocks of that epoch from their data.
     */
    private void syncSumsOf(long epoch) {
        try {
            withLock(lock.readLock(), () -> {
                if (!closed) {
                    files.syncSums();
                    // A rejoin may have taken the epoch's number back since the seal: it is the new primary's now.
                    markSumsDurable(Math.min(epoch, metadata.lastSnapshot()));
                }
                return null;
            });
        } catch (IOException | RuntimeException e) {
            LOG.warnf(e, "volume %s: syncing the sector sums of epoch %d failed; an unclean stop would take them"
                    + " from the data", id(), epoch);
        }
    }

    /** Called after the sums files were synced, with the volume locked (or not yet shared, on open). */
    private void markSumsDurable(long epoch) throws IOException {
        if (epoch > sumsDurable) {
            writeSumsDurable(epoch);
        }
    }

    private void writeSumsDurable(long epoch) throws IOException {
        AtomicFiles.write(layout.sumsDurable(), Long.toString(epoch).getBytes(StandardCharsets.US_ASCII));
        sumsDurable = epoch;
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

    /** Throws when a clone reads from a snapshot of this volume or someone holds one. */
    void requireDeletable() {
        List<String> users = new ArrayList<>();
        for (VolumeMetadata.Snapshot snapshot : metadata.snapshots()) {
            List<String> clonesOf = clonesOf(snapshot.number());
            if (!clonesOf.isEmpty()) {
                users.add("snapshot " + snapshot.number() + " is cloned by volume " + String.join(", ", clonesOf));
            }
            if (!snapshot.holds().isEmpty()) {
                users.add("snapshot " + snapshot.number() + " is held by " + String.join(", ", snapshot.holds()));
            }
        }
        if (!users.isEmpty()) {
            throw new StoreException(Reason.SNAPSHOT_IN_USE, "volume " + id() + " is still needed and cannot be"
                    + " deleted: " + String.join("; ", users), "id");
        }
    }

    private static String validHolder(String holder) {
        try {
            return Fields.qualifiedId("holder", holder);
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

    /** What the replay of the intent log found: the blocks written, the bytes of journaled writes. */
    private record Replayed(RoaringBitmap blocks, long journaledBytes) {
    }

    private interface HolderRun {
        void on(long holder, long offset, long length) throws IOException;
    }

    private interface RunAction {
        void on(long offset, int length) throws IOException;
    }

    private interface ContentReader {
        byte[] read(long offset, int length) throws IOException;
    }

    private interface ChunkCheck {
        byte[] read(long offset, int length, List<Verification.CorruptBlock> corrupt) throws IOException;
    }

    private interface LockedAction<T> {
        T run() throws IOException;
    }

    /** The points between the durable steps of a promotion and of a rejoin. */
    enum Step {
        /** Promotion: the blocks written since the consistent snapshot hold its content again, not yet synced. */
        PARTS_UNDONE,
        /** Promotion: they are durable and out of the changed block tracking; the role has not changed yet. */
        TRACKING_RESET,
        /** Rejoin: the primary is frozen, durably; nothing else changed. */
        REJOIN_FENCED,
        /** Rejoin: the newest snapshot after the one rejoined at is deleted, durably; reached after each deletion. */
        REJOIN_SNAPSHOT_DISCARDED,
        /** Rejoin: the diverged blocks hold the snapshot's content again in the live file, not yet synced. */
        REJOIN_DIVERGED_RESTORED,
        /** Rejoin: they are durable and checkpointed, the open epoch holding them; the role has not changed yet. */
        REJOIN_CHECKPOINTED
    }

    /** Called at each {@link Step}: the crash tests stop the volume there as the death of the process would. */
    interface StepHook {
        void reached(Step step) throws IOException;
    }
}
