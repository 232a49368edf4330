package io.datamover.transfer.kubernetes;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.BlockStoreException;
import io.datamover.blockstore.api.Verification;
import io.datamover.blockstore.api.VolumeInfo;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.transfer.config.TransferConfig;
import io.datamover.transfer.domain.Manifest;
import io.datamover.transfer.domain.MoverNames;
import io.datamover.transfer.domain.TransferException;
import io.datamover.transfer.domain.TransferException.Reason;
import io.datamover.transfer.receiver.ReplicaStore;
import io.datamover.transfer.storage.ReplicaMarks;
import io.datamover.transfer.storage.ReplicaMarks.Mark;
import io.datamover.transfer.storage.ReplicaMarks.State;
import io.datamover.transfer.storage.StoreFailures;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The csi backend's replicas: the replica of volume V is the block-mode claim {@code replica-<V>} in the replicas'
 * namespace, and its consistent snapshot the newest readyToUse VolumeSnapshot labelled as V's replica's, named
 * {@code <V>.<n>} after the snapshot it holds. Nobody but a mover pod of this service uses the claim, and no one
 * reads it while a delta is written: the VolumeSnapshots are what moves restore from.
 *
 * <p>A delta is written through one block-mover pod in replica mode ({@link MoverLauncher}), started at the delta's
 * first request to the store and deleted before its seal, when another delta begins, or after
 * {@code datamover.transfer.replica.idle-timeout} without a request. Begin restores the claim
 * from the consistent VolumeSnapshot (or makes it anew, empty, for a full copy) when a delta may have written into it
 * since ({@link ReplicaMarks}); a delta resumed after a restart writes its blocks again over its own. The seal
 * deletes the pod, creates VolumeSnapshot {@code <V>.<n>} of the claim and waits until it is readyToUse, at most
 * {@code datamover.transfer.replica.snapshot-timeout}: only then is the replica consistent at n. Retention deletes
 * the older VolumeSnapshots after the seal; whether the storage system's snapshot goes with one is its content's
 * deletion policy.
 */
public final class ReplicaClaims implements ReplicaStore {

    private static final Logger LOG = Logger.getLogger(ReplicaClaims.class);

    private final KubernetesClient client;
    private final String site;
    private final String namespace;
    private final TransferConfig.Replica config;
    private final Duration objectTimeout;
    private final MoverLauncher launcher;
    private final ReplicaSnapshots snapshots;
    private final ReplicaMarks marks;
    private final Map<String, Writer> writers = new ConcurrentHashMap<>();
    private final Map<String, Object> launches = new ConcurrentHashMap<>();

    /** The mover pod writing a delta into a replica's claim, and a client of it. */
    private record Writer(MoverObjects objects, BlockStoreClient client, AtomicLong lastUsed, AtomicInteger calls) {

        Writer(MoverObjects objects, BlockStoreClient client) {
            this(objects, client, new AtomicLong(System.nanoTime()), new AtomicInteger());
        }

        <T> T call(Function<BlockStoreClient, T> call) {
            calls.incrementAndGet();
            try {
                return call.apply(client);
            } finally {
                lastUsed.set(System.nanoTime());
                calls.decrementAndGet();
            }
        }

        /** No call under way, and none for {@code timeout}. */
        boolean idleFor(Duration timeout) {
            return calls.get() == 0 && System.nanoTime() - lastUsed.get() > timeout.toNanos();
        }

        boolean writes(Manifest manifest) {
            return objects.snapshot() == manifest.snapshot() && Objects.equals(objects.base(),
                    manifest.baseSnapshot());
        }
    }

    public ReplicaClaims(KubernetesClient client, String site, TransferConfig.Replica config,
            TransferConfig.Mover mover, ReplicaMarks marks) {
        this.client = client;
        this.site = site;
        this.config = config;
        this.namespace = config.namespace().orElseGet(client::getNamespace);
        this.objectTimeout = mover.readyTimeout();
        this.launcher = new MoverLauncher(client, mover);
        this.snapshots = new ReplicaSnapshots(client);
        this.marks = marks;
    }

    /**
     * Deletes the mover pod of a delta that has had no request for {@code datamover.transfer.replica.idle-timeout}:
     * its source gave up, or failed over to another target. The delta's next request starts another.
     */
    @Override
    public void releaseIdle() {
        for (Map.Entry<String, Writer> entry : writers.entrySet()) {
            if (!entry.getValue().idleFor(config.idleTimeout())) {
                continue;
            }
            synchronized (launchLock(entry.getKey())) {
                Writer writer = entry.getValue();
                if (writers.remove(entry.getKey(), writer)) {
                    LOG.infof("%s: no request for %d ms (datamover.transfer.replica.idle-timeout), deleting mover"
                            + " pod %s", writer.objects().describe(), config.idleTimeout().toMillis(),
                            MoverLauncher.where(writer.objects()));
                    launcher.delete(writer.objects());
                }
            }
        }
    }

    @Override
    public Optional<VolumeInfo> find(String volumeId) {
        PersistentVolumeClaim claim = claim(volumeId);
        Optional<ReplicaSnapshots.State> consistent = consistent(volumeId);
        Map<String, String> annotations = claim != null ? annotations(claim)
                : consistent.map(ReplicaSnapshots.State::annotations).orElse(null);
        if (annotations == null) {
            return Optional.empty();
        }
        Optional<Mark> mark = marks.get(volumeId);
        Long snapshot = consistent.map(ReplicaSnapshots.State::snapshot).orElse(null);
        return Optional.of(new VolumeInfo(volumeId, number(annotations, MoverNames.VOLUME_BYTES_ANNOTATION, volumeId),
                (int) number(annotations, MoverNames.BLOCK_SIZE_ANNOTATION, volumeId), VolumeRole.REPLICA,
                mark.isPresent(), mark.map(Mark::reason).orElse(null), snapshot, snapshot));
    }

    @Override
    public void create(Manifest manifest) {
        createClaim(manifest, null);
    }

    @Override
    public boolean freeze(Manifest manifest, String reason) {
        if (marks.get(manifest.volumeId()).isPresent()) {
            return false;
        }
        marks.put(manifest.volumeId(), Mark.frozen(reason));
        return true;
    }

    @Override
    public void begin(Manifest manifest) {
        String volumeId = manifest.volumeId();
        synchronized (launchLock(volumeId)) {
            Optional.ofNullable(writers.remove(volumeId))
                    .ifPresent(writer -> launcher.deleteAndWait(writer.objects()));
            prepare(manifest);
        }
        mover(manifest, "prepare the replica for " + manifest.describe(),
                writer -> writer.beginApply(volumeId, manifest.baseSnapshot(), manifest.snapshot()));
    }

    /**
     * Makes the claim read as the consistent snapshot (or zeros, for a full copy) unless nothing was written into it
     * since, and records that this delta writes into it from now on.
     */
    private void prepare(Manifest manifest) {
        String volumeId = manifest.volumeId();
        Mark mark = marks.get(volumeId).orElse(Mark.frozen("applying snapshot " + manifest.snapshot()));
        Long consistent = consistent(volumeId).map(ReplicaSnapshots.State::snapshot).orElse(null);
        boolean written = mark.state() == State.WRITING || (manifest.baseSnapshot() == null && consistent != null);
        if (written || claim(volumeId) == null) {
            remakeClaim(manifest, manifest.baseSnapshot() == null ? null : consistent);
        }
        marks.put(volumeId, Mark.writing(manifest.snapshot(), manifest.baseSnapshot(), mark.reason()));
    }

    /** Whether this delta was begun into the claim, and the claim is there. */
    private boolean prepared(Manifest manifest) {
        return marks.get(manifest.volumeId()).filter(mark -> mark.writes(manifest.snapshot(),
                manifest.baseSnapshot())).isPresent() && claim(manifest.volumeId()) != null;
    }

    @Override
    public void writePart(Manifest manifest, int chunk, byte[] part) {
        mover(manifest, "write chunk " + chunk + " of " + manifest.describe() + " into the replica",
                writer -> writer.applyPart(manifest.volumeId(), manifest.baseSnapshot(), manifest.snapshot(), part));
    }

    @Override
    public Verification verifyWritten(Manifest manifest) {
        return mover(manifest, "verify the chunks of " + manifest.describe() + " in the replica",
                writer -> writer.verifyChanged(manifest.volumeId()));
    }

    @Override
    public void seal(Manifest manifest) {
        String volumeId = manifest.volumeId();
        stopWriting(manifest);
        Long consistent = consistent(volumeId).map(ReplicaSnapshots.State::snapshot).orElse(null);
        if (consistent == null || consistent < manifest.snapshot()) {
            snapshot(manifest);
        }
        marks.remove(volumeId);
    }

    @Override
    public List<Long> snapshots(String volumeId) {
        return held(volumeId).stream().map(ReplicaSnapshots.State::snapshot).sorted().toList();
    }

    /** Without waiting until it is gone: its content's deletion policy decides what becomes of the storage's. */
    @Override
    public void deleteSnapshot(String volumeId, long snapshot) {
        String name = MoverNames.volumeSnapshot(volumeId, snapshot);
        api(volumeId, "delete VolumeSnapshot " + where(name), () -> {
            snapshots.delete(namespace, name);
            return null;
        });
    }

    /** Makes the parts durable through the mover, if this run started one, then deletes its pod and waits. */
    private void stopWriting(Manifest manifest) {
        Writer writer = writers.remove(manifest.volumeId());
        if (writer != null) {
            try {
                writer.client().sealApply(manifest.volumeId(), manifest.snapshot());
            } catch (BlockStoreException e) {
                LOG.warnf("%s: mover pod %s did not seal (%s); each part was durable before it was acknowledged",
                        writer.objects().describe(), MoverLauncher.where(writer.objects()), e.getMessage());
            }
        }
        launcher.deleteAndWait(writer != null ? writer.objects() : objects(manifest));
    }

    /** Creates VolumeSnapshot {@code <V>.<n>} of the claim, or takes the one a former seal created, and waits. */
    private void snapshot(Manifest manifest) {
        String name = MoverNames.volumeSnapshot(manifest.volumeId(), manifest.snapshot());
        String what = "VolumeSnapshot " + where(name) + " of claim " + where(MoverNames.replicaClaim(
                manifest.volumeId()));
        Optional<ReplicaSnapshots.State> existing = api(manifest, "read " + what, () -> snapshots.find(namespace,
                name));
        if (existing.isPresent() && !site.equals(existing.get().labels().get(MoverNames.REPLICA_SITE_LABEL))) {
            throw sealFailed(manifest, Reason.STORE_REJECTED, what + " exists without the labels "
                    + MoverNames.replicaSnapshotLabels(site, manifest.volumeId(), manifest.snapshot())
                    + "; rename or delete it", null);
        }
        if (existing.isPresent() && (existing.get().error() != null || existing.get().deleting())) {
            api(manifest, "delete the failed " + what, () -> {
                snapshots.deleteAndWait(namespace, name, objectTimeout);
                return null;
            });
            existing = Optional.empty();
        }
        if (existing.isEmpty()) {
            api(manifest, "create " + what, () -> {
                snapshots.create(namespace, name, MoverNames.replicaClaim(manifest.volumeId()),
                        config.snapshotClass(), MoverNames.replicaSnapshotLabels(site, manifest.volumeId(),
                                manifest.snapshot()), sizeAnnotations(manifest));
                return null;
            });
            LOG.infof("%s at site %s: created %s, class %s", manifest.describe(), site, what,
                    config.snapshotClass().orElse("(the driver's default)"));
        }
        awaitReady(manifest, name, what);
    }

    private void awaitReady(Manifest manifest, String name, String what) {
        Optional<ReplicaSnapshots.State> settled;
        try {
            settled = snapshots.awaitSettled(namespace, name, config.snapshotTimeout());
        } catch (KubernetesClientTimeoutException e) {
            throw sealFailed(manifest, Reason.STORE_FAILED, what + " is not readyToUse after "
                    + config.snapshotTimeout().toMillis() + " ms (datamover.transfer.replica.snapshot-timeout); the"
                    + " next commit waits for it again", e);
        } catch (KubernetesClientException e) {
            throw apiFailure(manifest.volumeId(), "wait for " + what, e);
        }
        if (settled.isEmpty() || settled.get().deleting()) {
            throw sealFailed(manifest, Reason.STORE_FAILED, what + " was deleted before it became readyToUse", null);
        }
        if (settled.get().error() != null) {
            try {
                snapshots.deleteAndWait(namespace, name, objectTimeout);
            } catch (KubernetesClientException e) {
                LOG.warnf("cannot delete the failed %s: %s", what, e.getMessage());
            }
            throw sealFailed(manifest, Reason.STORE_FAILED, what + " failed: " + settled.get().error()
                    + "; it was deleted, the next commit takes it again", null);
        }
        LOG.infof("%s at site %s: %s is readyToUse", manifest.describe(), site, what);
    }

    /** The mover writing this delta, started when there is none (first request, or after a restart). */
    private <T> T mover(Manifest manifest, String doing, Function<BlockStoreClient, T> call) {
        Writer writer = writer(manifest);
        try {
            return writer.call(call);
        } catch (BlockStoreException e) {
            if (e.status() == BlockStoreException.UNREACHABLE || e.status() >= 500) {
                writers.remove(manifest.volumeId(), writer);
                launcher.delete(writer.objects());
            }
            throw StoreFailures.of(doing + " at site " + site, "mover pod " + MoverLauncher.where(writer.objects()),
                    e);
        }
    }

    private Writer writer(Manifest manifest) {
        Writer current = writers.get(manifest.volumeId());
        if (current != null && current.writes(manifest)) {
            return current;
        }
        synchronized (launchLock(manifest.volumeId())) {
            current = writers.get(manifest.volumeId());
            if (current != null && current.writes(manifest)) {
                return current;
            }
            if (current != null) {
                writers.remove(manifest.volumeId());
                launcher.deleteAndWait(current.objects());
            }
            if (!prepared(manifest)) {
                prepare(manifest);
            }
            MoverObjects objects = objects(manifest);
            LOG.infof("%s: writing it through mover pod %s into claim %s", objects.describe(),
                    MoverLauncher.where(objects), where(objects.claimName()));
            Writer started = new Writer(objects, launcher.start(objects));
            writers.put(manifest.volumeId(), started);
            return started;
        }
    }

    private Object launchLock(String volumeId) {
        return launches.computeIfAbsent(volumeId, v -> new Object());
    }

    private MoverObjects objects(Manifest manifest) {
        return MoverObjects.writing(site, manifest.volumeId(), manifest.snapshot(), manifest.baseSnapshot(),
                namespace, MoverNames.replicaClaim(manifest.volumeId()), manifest.volumeBytes());
    }

    /** Deletes the claim, if any, and creates it again: empty, or restored from VolumeSnapshot {@code <V>.<from>}. */
    private void remakeClaim(Manifest manifest, Long from) {
        String claimName = MoverNames.replicaClaim(manifest.volumeId());
        api(manifest, "delete PersistentVolumeClaim " + where(claimName) + " to remake it", () -> {
            var claim = client.persistentVolumeClaims().inNamespace(namespace).withName(claimName);
            claim.delete();
            claim.waitUntilCondition(Objects::isNull, objectTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        });
        createClaim(manifest, from);
    }

    private void createClaim(Manifest manifest, Long from) {
        String claimName = MoverNames.replicaClaim(manifest.volumeId());
        api(manifest, "create PersistentVolumeClaim " + where(claimName), () -> client.resource(
                BlockClaim.of(namespace, claimName, MoverNames.replicaLabels(site, manifest.volumeId()),
                        sizeAnnotations(manifest), config.storageClass().orElse(null), manifest.volumeBytes(),
                        from == null ? null : MoverNames.volumeSnapshot(manifest.volumeId(), from))).create());
        LOG.infof("%s at site %s: created claim %s, %s", manifest.describe(), site, where(claimName),
                from == null ? "empty" : "restored from VolumeSnapshot " + MoverNames.volumeSnapshot(
                        manifest.volumeId(), from));
    }

    private PersistentVolumeClaim claim(String volumeId) {
        String claimName = MoverNames.replicaClaim(volumeId);
        return api(volumeId, "read PersistentVolumeClaim " + where(claimName),
                () -> client.persistentVolumeClaims().inNamespace(namespace).withName(claimName).get());
    }

    /** The replica's consistent snapshot: its newest VolumeSnapshot that is readyToUse. */
    private Optional<ReplicaSnapshots.State> consistent(String volumeId) {
        return held(volumeId).stream().filter(ReplicaSnapshots.State::ready)
                .max(Comparator.comparingLong(ReplicaSnapshots.State::snapshot));
    }

    /** The VolumeSnapshots labelled as the replica's, with a number, that are not being deleted. */
    private List<ReplicaSnapshots.State> held(String volumeId) {
        return api(volumeId, "list the VolumeSnapshots of the replica in namespace " + namespace,
                () -> snapshots.list(namespace, MoverNames.replicaLabels(site, volumeId))).stream()
                .filter(snapshot -> !snapshot.deleting() && snapshot.snapshot() > 0)
                .toList();
    }

    private static Map<String, String> sizeAnnotations(Manifest manifest) {
        return Map.of(MoverNames.VOLUME_BYTES_ANNOTATION, Long.toString(manifest.volumeBytes()),
                MoverNames.BLOCK_SIZE_ANNOTATION, Integer.toString(manifest.blockSize()));
    }

    private static Map<String, String> annotations(PersistentVolumeClaim claim) {
        return Optional.ofNullable(claim.getMetadata().getAnnotations()).orElse(Map.of());
    }

    private long number(Map<String, String> annotations, String key, String volumeId) {
        try {
            return Long.parseLong(annotations.get(key));
        } catch (NumberFormatException e) {
            throw new TransferException(Reason.STORE_REJECTED, null, "the replica of volume " + volumeId + " at site "
                    + site + " (claim " + where(MoverNames.replicaClaim(volumeId)) + ") has no annotation " + key
                    + " with a number: delete the claim and its VolumeSnapshots, or put it back");
        }
    }

    private String where(String name) {
        return namespace + "/" + name;
    }

    private TransferException sealFailed(Manifest manifest, Reason reason, String why, Throwable cause) {
        return new TransferException(reason, null, "cannot seal " + manifest.describe() + " in the replica at site "
                + site + ": " + why, cause);
    }

    private <T> T api(Manifest manifest, String what, Supplier<T> call) {
        return api(manifest.volumeId(), what, call);
    }

    private <T> T api(String volumeId, String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            throw apiFailure(volumeId, what, e);
        }
    }

    private TransferException apiFailure(String volumeId, String what, KubernetesClientException e) {
        return new TransferException(Reason.STORE_FAILED, null, "the replica of volume " + volumeId + " at site "
                + site + ": the Kubernetes API failed to " + what + ": " + e.getMessage(), e);
    }
}
