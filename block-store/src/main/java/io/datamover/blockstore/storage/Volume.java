package io.datamover.blockstore.storage;

import io.datamover.blockstore.api.DeltaFormat;
import io.datamover.blockstore.api.DeltaFormatException;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.blockstore.domain.ChangedBlocks;
import io.datamover.blockstore.domain.Geometry;
import io.datamover.blockstore.domain.PreservedBlocks;
import io.datamover.blockstore.domain.StoreException;
import io.datamover.blockstore.domain.StoreException.Reason;
import io.datamover.blockstore.domain.VolumeMetadata;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;
import org.roaringbitmap.PeekableIntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * One volume: its live content, copy-on-write snapshots and changed block tracking. Taking a snapshot seals the
 * open epoch's dirty bitmap and copies nothing; a block's old content is copied into the latest snapshot's file
 * the first time it is overwritten afterwards. Thread-safe: reads share a lock, changes take it exclusively.
 *
 * <p>Durability: data is fsynced before the metadata that refers to it (snapshot, apply, delete). Workload writes
 * reach the files unsynced; {@link #sync()} makes them and the open epoch's bitmaps durable.
 */
public final class Volume implements Closeable {

    private static final Logger LOG = Logger.getLogger(Volume.class);
    private static final int DIGEST_CHUNK = 1024 * 1024;

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final VolumeLayout layout;
    private final Geometry geometry;
    private final BlockFiles files;
    private final PreservedBlocks preserved;
    private final ChangedBlocks changes;
    private volatile VolumeMetadata metadata;

    private Volume(VolumeLayout layout, VolumeMetadata metadata, BlockFiles files, PreservedBlocks preserved,
            ChangedBlocks changes) {
        this.layout = layout;
        this.metadata = metadata;
        this.geometry = metadata.geometry();
        this.files = files;
        this.preserved = preserved;
        this.changes = changes;
    }

    static Volume create(VolumeLayout layout, String id, Geometry geometry, VolumeRole role) throws IOException {
        Files.createDirectories(layout.directory());
        BlockFiles files = BlockFiles.create(layout, geometry);
        files.syncLive();
        VolumeMetadata metadata = VolumeMetadata.create(id, geometry, role);
        MetadataFile.write(layout.metadata(), metadata);
        return new Volume(layout, metadata, files, new PreservedBlocks(), new ChangedBlocks());
    }

    static Volume open(VolumeLayout layout) throws IOException {
        VolumeMetadata metadata = MetadataFile.read(layout.metadata());
        PreservedBlocks preserved = new PreservedBlocks();
        ChangedBlocks changes = new ChangedBlocks();
        for (VolumeMetadata.Snapshot snapshot : metadata.snapshots()) {
            long n = snapshot.number();
            preserved.load(n, AtomicFiles.readBitmap(layout.preserved(n)));
            changes.load(n, AtomicFiles.readBitmap(layout.changed(n)), AtomicFiles.readBitmap(layout.allocated(n)));
        }
        RoaringBitmap dirty = AtomicFiles.readBitmap(layout.dirty());
        preserved.latest().ifPresent(latest -> dirty.or(preserved.of(latest)));
        changes.loadDirty(dirty);
        return new Volume(layout, metadata, BlockFiles.open(layout, metadata.geometry()), preserved, changes);
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

    /** A workload write to the live volume. */
    public void write(long offset, ByteBuffer data) throws IOException {
        withLock(lock.writeLock(), () -> {
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
            ByteBuffer out = ByteBuffer.allocate(length);
            long position = offset;
            long end = offset + length;
            while (position < end) {
                OptionalLong holder = preserved.holder(number, geometry.blockOf(position));
                long runEnd = Math.min(end, geometry.offsetOf(geometry.blockOf(position) + 1));
                while (runEnd < end && preserved.holder(number, geometry.blockOf(runEnd)).equals(holder)) {
                    runEnd = Math.min(end, runEnd + geometry.blockSize());
                }
                out.limit((int) (runEnd - offset));
                if (holder.isPresent()) {
                    files.readPreserved(holder.getAsLong(), position, out);
                } else {
                    files.readLive(position, out);
                }
                position = runEnd;
            }
            return out.array();
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

    /** The blocks written after snapshot {@code base} up to snapshot {@code target}. */
    public RoaringBitmap delta(long base, long target) throws IOException {
        return withLock(lock.readLock(), () -> changes.delta(id(), base, target));
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

    /** Makes the workload writes so far and the open epoch's bitmaps durable. */
    public void sync() throws IOException {
        withLock(lock.writeLock(), () -> {
            files.syncAll();
            OptionalLong latest = preserved.latest();
            if (latest.isPresent()) {
                AtomicFiles.writeBitmap(layout.preserved(latest.getAsLong()), preserved.of(latest.getAsLong()));
            }
            AtomicFiles.writeBitmap(layout.dirty(), changes.dirty());
            return null;
        });
    }

    @Override
    public void close() throws IOException {
        sync();
        withLock(lock.writeLock(), () -> {
            files.close();
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
        ByteBuffer zeros = ByteBuffer.allocate(geometry.blockSize());
        PeekableIntIterator it = blocks.getIntIterator();
        while (it.hasNext()) {
            writeBlocks(geometry.offsetOf(it.next()), zeros.clear());
        }
    }

    private void writeBlocks(long offset, ByteBuffer data) throws IOException {
        if (!data.hasRemaining()) {
            return;
        }
        Geometry.BlockRange range = geometry.blocksOf(offset, data.remaining());
        OptionalLong latest = preserved.latest();
        if (latest.isPresent()) {
            RoaringBitmap toPreserve = preserved.toPreserve(range);
            if (!toPreserve.isEmpty()) {
                files.preserve(latest.getAsLong(), toPreserve);
                preserved.preserved(toPreserve);
            }
        }
        files.writeLive(offset, data);
        changes.written(range);
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
