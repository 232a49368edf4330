package io.datamover.transfer.receiver;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.BlockStoreException;
import io.datamover.blockstore.api.VolumeInfo;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.transfer.config.TransferConfig;
import io.datamover.transfer.domain.Checksums;
import io.datamover.transfer.domain.Compression;
import io.datamover.transfer.domain.DeltaDigest;
import io.datamover.transfer.domain.DeltaCheck;
import io.datamover.transfer.domain.Manifest;
import io.datamover.transfer.domain.TransferException;
import io.datamover.transfer.domain.TransferException.Reason;
import io.datamover.transfer.peer.BeginResponse;
import io.datamover.transfer.peer.ChunkReceipt;
import io.datamover.transfer.peer.CommitResult;
import io.datamover.transfer.peer.PeerProtocol;
import io.datamover.transfer.peer.TransferStatus;
import io.datamover.transfer.storage.StagingArea;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/** The receiving end of the peer protocol: stages and verifies incoming deltas, applies them on commit. */
@ApplicationScoped
public class TargetTransfers {

    private static final Logger LOG = Logger.getLogger(TargetTransfers.class);

    private final String site;
    private final BlockStoreClient store;
    private final StagingArea staging;
    private final ReplicaApplier applier;
    private final VolumeLocks locks = new VolumeLocks();

    public TargetTransfers(TransferConfig config, BlockStoreClient store, StagingArea staging,
            ReplicaApplier applier) {
        this.site = config.site();
        this.store = store;
        this.staging = staging;
        this.applier = applier;
    }

    /** Prepares the replica and the staging of a delta; keeps chunks already staged for the same delta. */
    public BeginResponse begin(Manifest manifest) {
        return locks.exclusive(manifest.volumeId(), () -> {
            Optional<VolumeInfo> replica = findVolume(manifest.volumeId());
            if (replica.isPresent() && holds(replica.get(), manifest.snapshot())) {
                staging.discard(manifest.volumeId(), manifest.snapshot());
                return new BeginResponse(BeginResponse.ALREADY_APPLIED, List.of());
            }
            requireBase(manifest, replica);
            if (replica.isEmpty()) {
                createReplica(manifest);
            }
            if (!staging.manifest(manifest.volumeId(), manifest.snapshot()).equals(Optional.of(manifest))) {
                staging.begin(manifest);
                LOG.infof("staging %s at site %s: %d chunks, %d bytes", manifest.describe(), site,
                        manifest.chunkCount(), manifest.bytesTotal());
            }
            return new BeginResponse(BeginResponse.STAGING, List.copyOf(staging.verifiedChunks(manifest)));
        });
    }

    public TransferStatus status(String volumeId, long snapshot) {
        return locks.exclusive(volumeId, () -> {
            Optional<Manifest> manifest = staging.manifest(volumeId, snapshot);
            if (manifest.isEmpty()) {
                requireReplicaHolds(volumeId, snapshot);
                return new TransferStatus(volumeId, snapshot, TransferStatus.APPLIED, 0, List.of());
            }
            String state = staging.isCommitted(manifest.get()) ? TransferStatus.COMMITTED : TransferStatus.STAGING;
            return new TransferStatus(volumeId, snapshot, state, manifest.get().chunkCount(),
                    List.copyOf(staging.verifiedChunks(manifest.get())));
        });
    }

    /**
     * Inflates a compressed chunk, verifies it against its checksum and the volume's bounds, then stages it
     * uncompressed. Chunks of the same delta are staged in parallel.
     *
     * @param encoding the request's {@code Content-Encoding}: null, {@code identity} or {@code zstd}
     */
    public ChunkReceipt receiveChunk(String volumeId, long snapshot, int k, byte[] received, String checksumHeader,
            String encoding) {
        return locks.shared(volumeId, () -> {
            Manifest manifest = staged(volumeId, snapshot);
            if (!manifest.hasChunk(k)) {
                throw new TransferException(Reason.INVALID_REQUEST, "k", "chunk index " + k + " of "
                        + manifest.describe() + " must lie in [0, " + manifest.chunkCount() + ")");
            }
            LOG.debugf("received chunk %d of %s at site %s: %d bytes, encoding %s", k, manifest.describe(), site,
                    received.length, encoding == null ? "identity" : encoding);
            String expected = Checksums.parse(PeerProtocol.CHECKSUM_HEADER, checksumHeader);
            byte[] body = decode(manifest, k, received, encoding);
            String actual = Checksums.crc32c(body);
            if (!actual.equals(expected)) {
                throw new TransferException(Reason.CHECKSUM_MISMATCH, PeerProtocol.CHECKSUM_HEADER, "chunk " + k
                        + " of " + manifest.describe() + " arrived with checksum " + actual + " but was sent with "
                        + expected);
            }
            DeltaCheck.dataBytes(body, manifest.volumeBytes());
            staging.writeChunk(manifest, k, body, actual);
            return new ChunkReceipt(volumeId, snapshot, k, body.length, actual);
        });
    }

    /** Applies the delta once every chunk is staged and still verifies, and the whole delta has its digest. */
    public CommitResult commit(String volumeId, long snapshot, String digest) {
        return locks.exclusive(volumeId, () -> {
            Optional<Manifest> staged = staging.manifest(volumeId, snapshot);
            if (staged.isEmpty()) {
                requireReplicaHolds(volumeId, snapshot);
                return new CommitResult(volumeId, snapshot, BeginResponse.ALREADY_APPLIED, 0, 0);
            }
            Manifest manifest = staged.get();
            String expected = DeltaDigest.parse("digest", digest);
            StagingArea.Reverified reverified = staging.reverify(manifest);
            if (!reverified.missing().isEmpty()) {
                throw new TransferException(Reason.MISSING_CHUNKS, null, "cannot commit " + manifest.describe()
                        + " at site " + site + ": chunks " + reverified.missing() + " of " + manifest.chunkCount()
                        + " are missing or no longer verify; nothing was applied");
            }
            if (!reverified.digest().equals(expected)) {
                staging.discardChunks(manifest);
                throw new TransferException(Reason.DIGEST_MISMATCH, "digest", "cannot commit " + manifest.describe()
                        + " at site " + site + ": the staged chunks have digest " + reverified.digest()
                        + " but the source sent " + expected + "; nothing was applied, every chunk must be sent again");
            }
            staging.markCommitted(manifest);
            return applier.apply(manifest);
        });
    }

    /** Applies again every delta that was committed but perhaps not applied when the service stopped. */
    public void recoverCommitted() {
        for (Manifest manifest : staging.committed()) {
            LOG.infof("re-applying the committed %s at site %s", manifest.describe(), site);
            try {
                locks.exclusive(manifest.volumeId(), () -> applier.apply(manifest));
            } catch (TransferException e) {
                LOG.errorf("cannot re-apply the committed %s at site %s (%s), the replica stays frozen until the"
                        + " source commits again or the service restarts: %s", manifest.describe(), site,
                        e.reason(), e.getMessage());
            }
        }
    }

    private static byte[] decode(Manifest manifest, int k, byte[] received, String encoding) {
        if (encoding == null || encoding.isBlank() || encoding.equalsIgnoreCase("identity")) {
            return received;
        }
        if (!encoding.trim().equalsIgnoreCase(Compression.ZSTD)) {
            throw new TransferException(Reason.INVALID_REQUEST, "Content-Encoding", "Content-Encoding of chunk " + k
                    + " must be zstd or identity, was '" + encoding + "'");
        }
        return Compression.decompress(received, Math.min(manifest.bytesTotal(), PeerProtocol.MAX_CHUNK_BYTES));
    }

    private Manifest staged(String volumeId, long snapshot) {
        return staging.manifest(volumeId, snapshot).orElseThrow(() -> unknownTransfer(volumeId, snapshot));
    }

    /** For a request about a delta that is not staged: fine if the replica holds the snapshot, else unknown. */
    private void requireReplicaHolds(String volumeId, long snapshot) {
        Optional<VolumeInfo> replica = findVolume(volumeId);
        if (replica.isEmpty() || !holds(replica.get(), snapshot)) {
            throw unknownTransfer(volumeId, snapshot);
        }
    }

    private TransferException unknownTransfer(String volumeId, long snapshot) {
        return new TransferException(Reason.UNKNOWN_TRANSFER, null, "no transfer of volume " + volumeId
                + " snapshot " + snapshot + " was begun at site " + site);
    }

    private static boolean holds(VolumeInfo replica, long snapshot) {
        return replica.consistentSnapshot() != null && replica.consistentSnapshot() >= snapshot;
    }

    private void requireBase(Manifest manifest, Optional<VolumeInfo> replica) {
        replica.ifPresent(volume -> requireCompatible(manifest, volume));
        Long consistent = replica.map(VolumeInfo::consistentSnapshot).orElse(null);
        Long base = manifest.baseSnapshot();
        if (base != null && (consistent == null || consistent < base)) {
            throw new TransferException(Reason.BASE_MISMATCH, "baseSnapshot", "cannot stage " + manifest.describe()
                    + " at site " + site + ": the delta needs the replica consistent at snapshot " + base
                    + " or later, but it is consistent at " + (consistent == null ? "no snapshot" : "snapshot "
                    + consistent));
        }
    }

    private void requireCompatible(Manifest manifest, VolumeInfo volume) {
        if (volume.role() != VolumeRole.REPLICA) {
            throw new TransferException(Reason.NOT_A_REPLICA, null, "cannot stage " + manifest.describe()
                    + ": volume " + volume.id() + " at site " + site + " is a " + volume.role().code()
                    + ", not a replica");
        }
        if (volume.sizeBytes() != manifest.volumeBytes() || volume.blockSize() != manifest.blockSize()) {
            throw new TransferException(Reason.VOLUME_MISMATCH, "volumeBytes", "cannot stage "
                    + manifest.describe() + ": the replica at site " + site + " has " + volume.sizeBytes()
                    + " bytes in blocks of " + volume.blockSize() + ", the source volume " + manifest.volumeBytes()
                    + " bytes in blocks of " + manifest.blockSize());
        }
    }

    private void createReplica(Manifest manifest) {
        try {
            store.createVolume(manifest.volumeId(), manifest.volumeBytes(), manifest.blockSize(), VolumeRole.REPLICA);
            LOG.infof("created the replica of volume %s at site %s: %d bytes in blocks of %d", manifest.volumeId(),
                    site, manifest.volumeBytes(), manifest.blockSize());
        } catch (BlockStoreException e) {
            throw StoreFailures.of("create the replica of volume " + manifest.volumeId() + " at site " + site, e);
        }
    }

    private Optional<VolumeInfo> findVolume(String volumeId) {
        try {
            return store.findVolume(volumeId);
        } catch (BlockStoreException e) {
            throw StoreFailures.of("look up volume " + volumeId + " at site " + site, e);
        }
    }
}
