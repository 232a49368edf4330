package io.datamover.transfer.receiver;

import io.datamover.blockstore.api.Verification;
import io.datamover.blockstore.api.VolumeInfo;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.transfer.config.TransferConfig;
import io.datamover.transfer.domain.Checksums;
import io.datamover.transfer.domain.Compression;
import io.datamover.transfer.domain.DeltaDigest;
import io.datamover.transfer.domain.DeltaCheck;
import io.datamover.transfer.domain.Manifest;
import io.datamover.transfer.domain.Receipt;
import io.datamover.transfer.domain.TransferException;
import io.datamover.transfer.domain.TransferException.Reason;
import io.datamover.transfer.peer.BeginResponse;
import io.datamover.transfer.peer.ChunkReceipt;
import io.datamover.transfer.peer.CommitResult;
import io.datamover.transfer.peer.PeerProtocol;
import io.datamover.transfer.peer.TransferStatus;
import io.datamover.transfer.storage.StagingArea;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.jboss.logging.Logger;

/**
 * The receiving end of the peer protocol: verifies each incoming chunk and writes it straight into the frozen
 * replica (its consistent snapshot stays as it was), keeps a receipt of it, and seals the snapshot on commit.
 */
@ApplicationScoped
public class TargetTransfers {

    private static final Logger LOG = Logger.getLogger(TargetTransfers.class);

    private final String site;
    private final ReplicaStore replicas;
    private final StagingArea staging;
    private final ReplicaApplier applier;
    private final VolumeLocks locks = new VolumeLocks();

    public TargetTransfers(TransferConfig config, ReplicaStore replicas, StagingArea staging,
            ReplicaApplier applier) {
        this.site = config.site();
        this.replicas = replicas;
        this.staging = staging;
        this.applier = applier;
    }

    /** Prepares the replica and the staging of a delta; keeps chunks already staged for the same delta. */
    public BeginResponse begin(Manifest manifest) {
        return locks.exclusive(manifest.volumeId(), () -> {
            Optional<VolumeInfo> replica = replicas.find(manifest.volumeId());
            if (replica.isPresent() && holds(replica.get(), manifest.snapshot())) {
                staging.discard(manifest.volumeId(), manifest.snapshot());
                return new BeginResponse(BeginResponse.ALREADY_APPLIED, List.of());
            }
            requireBase(manifest, replica);
            if (replica.isEmpty()) {
                createReplica(manifest);
            }
            if (!staging.manifest(manifest.volumeId(), manifest.snapshot()).equals(Optional.of(manifest))) {
                startOver(manifest);
                LOG.infof("receiving %s at site %s: %d chunks, %d bytes", manifest.describe(), site,
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
     * Inflates a compressed chunk, verifies it against its checksum and the volume's bounds, writes it into the
     * replica and keeps its receipt. Chunks of the same delta are received in parallel and in any order; a chunk
     * received before is acknowledged again without touching the replica.
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
            long start = System.nanoTime();
            String expected = Checksums.parse(PeerProtocol.CHECKSUM_HEADER, checksumHeader);
            Optional<Receipt> earlier = staging.receipt(manifest, k);
            if (earlier.isPresent()) {
                return acknowledgeAgain(manifest, earlier.get(), expected);
            }
            byte[] body = decode(manifest, k, received, encoding);
            DeltaCheck.Checked checked = DeltaCheck.check(body, manifest.volumeBytes());
            String actual = checked.sums().checksum();
            if (!actual.equals(expected)) {
                throw new TransferException(Reason.CHECKSUM_MISMATCH, PeerProtocol.CHECKSUM_HEADER, "chunk " + k
                        + " of " + manifest.describe() + " arrived with checksum " + actual + " but was sent with "
                        + expected);
            }
            Receipt receipt = new Receipt(k, actual, HexFormat.of().formatHex(checked.sums().digest()), body.length,
                    received.length, checked.coverage());
            long verified = System.nanoTime();
            replicas.writePart(manifest, k, body);
            long written = System.nanoTime();
            staging.recordChunk(manifest, receipt);
            if (LOG.isDebugEnabled()) {
                LOG.debugf("wrote chunk %d of %s at site %s: %d bytes, checked %d ms, written into the replica %d ms,"
                        + " receipt %d ms", k, manifest.describe(), site, body.length, (verified - start) / 1_000_000,
                        (written - verified) / 1_000_000, (System.nanoTime() - written) / 1_000_000);
            }
            return new ChunkReceipt(volumeId, snapshot, k, body.length, actual);
        });
    }

    /**
     * Seals the delta once every chunk is written, its digest matches the source's, and every block written still
     * matches the checksum the store kept of it.
     */
    public CommitResult commit(String volumeId, long snapshot, String digest) {
        return locks.exclusive(volumeId, () -> {
            Optional<Manifest> staged = staging.manifest(volumeId, snapshot);
            if (staged.isEmpty()) {
                requireReplicaHolds(volumeId, snapshot);
                return new CommitResult(volumeId, snapshot, BeginResponse.ALREADY_APPLIED, 0, 0);
            }
            Manifest manifest = staged.get();
            String expected = DeltaDigest.parse("digest", digest);
            SortedMap<Integer, Receipt> receipts = staging.receipts(manifest);
            List<Integer> missing = IntStream.range(0, manifest.chunkCount()).filter(k -> !receipts.containsKey(k))
                    .boxed().toList();
            if (!missing.isEmpty()) {
                throw missingChunks(manifest, missing, "are missing");
            }
            String actual = DeltaDigest.of(receipts.values().stream().map(Receipt::digest).toList());
            if (!actual.equals(expected)) {
                startOver(manifest);
                throw new TransferException(Reason.DIGEST_MISMATCH, "digest", "cannot commit " + manifest.describe()
                        + " at site " + site + ": the chunks received have digest " + actual + " but the source sent "
                        + expected + "; nothing was applied, every chunk must be sent again");
            }
            requireIntact(manifest, receipts);
            staging.markCommitted(manifest);
            return applier.seal(manifest);
        });
    }

    /** Seals again every delta that was committed but perhaps not sealed when the service stopped. */
    public void recoverCommitted() {
        for (Manifest manifest : staging.committed()) {
            LOG.infof("sealing again the committed %s at site %s", manifest.describe(), site);
            try {
                locks.exclusive(manifest.volumeId(), () -> applier.seal(manifest));
            } catch (TransferException e) {
                LOG.errorf("cannot seal again the committed %s at site %s (%s), the replica stays frozen until the"
                        + " source commits again or the service restarts: %s", manifest.describe(), site,
                        e.reason(), e.getMessage());
            }
        }
    }

    /** A chunk sent again: the same one is acknowledged, another one for the same index refused. */
    private static ChunkReceipt acknowledgeAgain(Manifest manifest, Receipt earlier, String checksum) {
        if (!earlier.checksum().equals(checksum)) {
            throw new TransferException(Reason.CHUNK_CONFLICT, "k", "chunk " + earlier.chunk() + " of "
                    + manifest.describe() + " was received with checksum " + earlier.checksum() + " and cannot be"
                    + " replaced by one with checksum " + checksum + " unless the transfer is begun again");
        }
        return new ChunkReceipt(manifest.volumeId(), manifest.snapshot(), earlier.chunk(), earlier.bodyBytes(),
                earlier.checksum());
    }

    /**
     * Forgets the chunks received for this delta and for any other one of the volume, undoes what they wrote into the
     * replica, and freezes it for the delta: receipts of another delta would claim data that is no longer there.
     */
    private void startOver(Manifest manifest) {
        for (long other : staging.stagedSnapshots(manifest.volumeId())) {
            if (other != manifest.snapshot()) {
                LOG.infof("forgetting the chunks of snapshot %d of volume %s at site %s: %s begins", other,
                        manifest.volumeId(), site, manifest.describe());
                staging.discard(manifest.volumeId(), other);
            }
        }
        staging.begin(manifest);
        applier.freeze(manifest);
        replicas.begin(manifest);
    }

    /**
     * Reads back what the chunks wrote into the replica against the checksums the store kept: the chunks of a
     * damaged block are forgotten, so that the source sends them again; damage the chunks do not explain starts
     * the delta over.
     */
    private void requireIntact(Manifest manifest, SortedMap<Integer, Receipt> receipts) {
        Verification check = replicas.verifyWritten(manifest);
        if (check.intact()) {
            return;
        }
        Set<Integer> damaged = new TreeSet<>();
        boolean explained = check.corruptBlocks().size() == check.corruptBlockCount();
        for (Verification.CorruptBlock block : check.corruptBlocks()) {
            List<Integer> chunks = receipts.values().stream()
                    .filter(r -> r.coverage().overlaps(block.offset(), manifest.blockSize()))
                    .map(Receipt::chunk).toList();
            explained &= !chunks.isEmpty();
            damaged.addAll(chunks);
        }
        if (!explained) {
            startOver(manifest);
            throw missingChunks(manifest, List.copyOf(receipts.keySet()), "were written into blocks of the replica"
                    + " of which " + check.corruptBlockCount() + " no longer match their checksums");
        }
        staging.forgetChunks(manifest, damaged);
        throw missingChunks(manifest, List.copyOf(damaged), "no longer match their checksums in the replica");
    }

    private TransferException missingChunks(Manifest manifest, List<Integer> chunks, String why) {
        return new TransferException(Reason.MISSING_CHUNKS, null, "cannot commit " + manifest.describe() + " at site "
                + site + ": chunks " + chunks + " of " + manifest.chunkCount() + " " + why + "; nothing was applied");
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
        Optional<VolumeInfo> replica = replicas.find(volumeId);
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
        replicas.create(manifest);
        LOG.infof("created the replica of volume %s at site %s: %d bytes in blocks of %d", manifest.volumeId(), site,
                manifest.volumeBytes(), manifest.blockSize());
    }
}
