package io.datamover.snapshot.kubernetes;

import io.datamover.blockstore.api.RejoinResult;
import io.datamover.blockstore.api.SnapshotInfo;
import io.datamover.blockstore.api.VolumeInfo;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.events.ChangeMethod;
import io.datamover.events.CsiSnapshot;
import io.datamover.snapshot.config.SnapshotConfig;
import io.datamover.snapshot.domain.ClaimState;
import io.datamover.snapshot.domain.NextVolumeSnapshot;
import io.datamover.snapshot.domain.ProtectionException;
import io.datamover.snapshot.domain.ProtectionException.Reason;
import io.datamover.snapshot.domain.VolumeSnapshotNames;
import io.datamover.snapshot.domain.Workload;
import io.datamover.snapshot.storage.SnapshotStorage;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The csi storage backend: volume V is the PersistentVolume named V, snapshotted as a {@code VolumeSnapshot} of its
 * claim (PV {@code spec.claimRef}) in the claim's namespace, named and labelled as {@link VolumeSnapshotNames} says.
 * A snapshot is taken once its VolumeSnapshot is readyToUse; its bound VolumeSnapshotContent gives the driver and
 * the snapshot handle. A VolumeSnapshot that reports an error fails the cycle with that error and is deleted (the
 * next cycle takes the snapshot again under the same name); one that is not ready in time is kept, and the next
 * cycle waits for it again ({@link NextVolumeSnapshot}), and for that one even if it became ready in between: until
 * a cycle has seen it ready and announced it, it is not counted among the volume's snapshots (else the schedule
 * would take it for the latest snapshot, which no transfer ever got; after a restart of the service a VolumeSnapshot
 * that became ready unseen is counted, and the next cycle takes the next number). A group gets one VolumeSnapshot per
 * volume, all created before the first wait.
 *
 * <p>A volume is frozen by stopping what writes it: the Deployments and StatefulSets whose pods mount its claim are
 * scaled to 0 ({@link ClaimWorkloads}) and the freeze waits until no such pod is left; a pod that nothing the data
 * mover can scale runs refuses the freeze before anything is scaled. Which workloads it stopped, why, and that the
 * volume stepped down to a replica are kept in the claim's annotations ({@link ClaimState}), written before the
 * workloads are scaled, so that a thaw after a restart gives each its count back. At the target of a move the
 * primary is the application's claim kube-controller restored from the replica's snapshot, labelled
 * {@value VolumeSnapshotNames#VOLUME_LABEL} with the volume id: promote waits for it, and from then on volume V is
 * that claim, its snapshots numbered after the one it was restored from. Rejoining after a failover steps the claim
 * down too: the replica it rejoins as is transfer-service's claim, filled by a full copy.
 */
public final class CsiStorage implements SnapshotStorage {

    private static final Logger LOG = Logger.getLogger(CsiStorage.class);

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final VolumeSnapshotObjects objects;
    private final ClaimWorkloads workloads;
    private final String site;
    private final Optional<String> snapshotClass;
    private final Duration readyTimeout;
    private final Duration workloadTimeout;
    private final int blockSize;
    private final ConcurrentMap<String, CsiSnapshot> references = new ConcurrentHashMap<>();
    /** Per volume, the snapshot whose VolumeSnapshot a cycle gave up waiting for: the next cycle waits for it. */
    private final ConcurrentMap<String, Long> awaited = new ConcurrentHashMap<>();

    /** A volume's claim, and what this backend keeps in it. {@code bound}: it has a volume to snapshot. */
    private record Claim(String volumeId, String namespace, String name, long bytes, boolean bound,
            ClaimState state) {

        String describe(String site) {
            return "volume " + volumeId + " at site " + site + " (claim " + namespace + "/" + name + ")";
        }

        Claim with(ClaimState changed) {
            return new Claim(volumeId, namespace, name, bytes, bound, changed);
        }

        VolumeInfo info(int blockSize, Long latest) {
            Optional<String> frozen = state.frozenReason().or(() -> bound ? Optional.empty()
                    : Optional.of("claim " + namespace + "/" + name + " is not bound to a volume yet"));
            return new VolumeInfo(volumeId, bytes, blockSize, state.replica() ? VolumeRole.REPLICA
                    : VolumeRole.PRIMARY, frozen.isPresent(), frozen.orElse(null), latest, latest);
        }
    }

    /** A VolumeSnapshot a cycle created or waits for again. */
    private record Attempt(Claim claim, long snapshot, String name) {

        String describe(String site) {
            return "snapshot " + snapshot + " of volume " + claim.volumeId() + " at site " + site
                    + " (VolumeSnapshot " + claim.namespace() + "/" + name + " of claim " + claim.name() + ")";
        }
    }

    public CsiStorage(VolumeSnapshotObjects objects, ClaimWorkloads workloads, String site,
            Optional<String> snapshotClass, Duration readyTimeout, Duration workloadTimeout, int blockSize) {
        this.objects = objects;
        this.workloads = workloads;
        this.site = site;
        this.snapshotClass = snapshotClass;
        this.readyTimeout = readyTimeout;
        this.workloadTimeout = workloadTimeout;
        this.blockSize = blockSize;
    }

    @Override
    public SnapshotConfig.Storage backend() {
        return SnapshotConfig.Storage.CSI;
    }

    @Override
    public String where() {
        return "the Kubernetes cluster of site " + site + " as a PersistentVolume bound to a claim";
    }

    @Override
    public Optional<VolumeInfo> findVolume(String volumeId) {
        return resolve(volumeId).map(claim -> claim.info(blockSize, null));
    }

    @Override
    public List<SnapshotInfo> snapshots(String volumeId) {
        Claim claim = claim(volumeId);
        return list(claim).stream()
                .filter(snapshot -> snapshot.snapshot() > 0 && snapshot.ready() && !snapshot.deleting())
                .filter(snapshot -> !Long.valueOf(snapshot.snapshot()).equals(awaited.get(volumeId)))
                .sorted(Comparator.comparingLong(VolumeSnapshotView::snapshot))
                .map(snapshot -> new SnapshotInfo(volumeId, snapshot.snapshot(), snapshot.createdAt(), claim.bytes()))
                .toList();
    }

    @Override
    public SnapshotInfo createSnapshot(String volumeId) {
        return createSnapshots(List.of(volumeId)).get(0);
    }

    @Override
    public List<SnapshotInfo> createSnapshots(List<String> volumeIds) {
        List<Attempt> attempts = new ArrayList<>();
        for (String volumeId : volumeIds) {
            attempts.add(begin(claim(volumeId)));
        }
        Instant deadline = Instant.now().plus(readyTimeout);
        List<SnapshotInfo> taken = new ArrayList<>();
        for (Attempt attempt : attempts) {
            taken.add(settle(attempt, attempts, deadline));
        }
        return taken;
    }

    @Override
    public boolean freezeStopsWorkloads() {
        return true;
    }

    @Override
    public List<SnapshotInfo> freezeAndSnapshot(List<String> volumeIds, String reason) {
        quiesce(volumeIds.stream().map(this::claim).toList(), reason);
        return createSnapshots(volumeIds);
    }

    @Override
    public void deleteSnapshot(String volumeId, long snapshot) {
        Claim claim = claim(volumeId);
        String name = VolumeSnapshotNames.name(volumeId, snapshot);
        api("delete VolumeSnapshot " + claim.namespace() + "/" + name + " (snapshot " + snapshot + " of volume "
                + volumeId + ")", () -> {
                    objects.delete(claim.namespace(), name);
                    return null;
                });
        references.remove(name);
    }

    @Override
    public Optional<CsiSnapshot> csiSnapshot(String volumeId, long snapshot) {
        String name = VolumeSnapshotNames.name(volumeId, snapshot);
        CsiSnapshot known = references.get(name);
        if (known != null) {
            return Optional.of(known);
        }
        Claim claim = claim(volumeId);
        Attempt attempt = new Attempt(claim, snapshot, name);
        return api("read " + attempt.describe(site), () -> objects.find(claim.namespace(), name))
                .filter(VolumeSnapshotView::ready)
                .map(view -> reference(attempt, view));
    }

    /**
     * Waits for the claim kube-controller restores for the volume, labelled with its id, and makes it the volume's
     * primary at the snapshot it was restored from (its {@code dataSource}, {@code <V>.<n>}). A labelled claim that
     * stepped down when the application moved away before is not it: kube-controller replaces that one.
     */
    @Override
    public VolumeInfo promote(String volumeId) {
        Claim claim = awaitRestored(volumeId);
        long snapshot = claim.state().promotedAt().orElseGet(() -> restoredFrom(claim));
        annotate(claim, ClaimState.promoted(snapshot));
        LOG.infof("%s, restored from snapshot %d, is the volume's primary", claim.describe(site), snapshot);
        return claim.with(ClaimState.promoted(snapshot)).info(blockSize, snapshot);
    }

    /** The volume stays frozen, its workloads at 0, and is a replica from now on: the schedule passes it over. */
    @Override
    public VolumeInfo demote(String volumeId) {
        return stepDown(claim(volumeId), "stepped down to replica").info(blockSize, null);
    }

    @Override
    public VolumeInfo freeze(String volumeId, String reason) {
        Claim claim = quiesce(List.of(claim(volumeId)), reason).get(0);
        return claim.info(blockSize, null);
    }

    /** Scales every workload the freeze stopped back to the count it had, unless it was scaled up meanwhile. */
    @Override
    public VolumeInfo thaw(String volumeId) {
        Claim claim = claim(volumeId);
        if (claim.state().replica()) {
            throw new ProtectionException(Reason.CONFLICT, "volumeId", claim.describe(site) + " stepped down to a"
                    + " replica: its workloads stay at 0 replicas, as the application runs at its primary");
        }
        for (Workload workload : claim.state().quiesced()) {
            boolean found = api("scale " + workload + " in namespace " + claim.namespace() + " back",
                    () -> workloads.scaleBack(claim.namespace(), workload));
            if (!found) {
                LOG.warnf("%s: %s, stopped by its freeze, is gone; nothing to scale back", claim.describe(site),
                        workload);
            }
        }
        annotate(claim, claim.state().thawed());
        LOG.infof("%s thawed: %s scaled back", claim.describe(site), claim.state().quiesced());
        return claim.with(claim.state().thawed()).info(blockSize, null);
    }

    /**
     * Steps the claim down as a demote does, discarding nothing: a csi site receives its replica into
     * transfer-service's claim {@code replica-<V>}, which the new primary fills with a full copy, as it has no
     * snapshot in common with this claim. What was written here since stays in the claim until a move back replaces
     * it.
     */
    @Override
    public RejoinResult rejoin(String volumeId, long commonSnapshot) {
        Claim claim = stepDown(claim(volumeId), "rejoining as a replica");
        LOG.infof("%s rejoined as a replica: its claim keeps what was written since snapshot %d, the replica is"
                + " copied in full", claim.describe(site), commonSnapshot);
        return new RejoinResult(claim.info(blockSize, null), 0, List.of(), ChangeMethod.FULL.code());
    }

    private Claim stepDown(Claim claim, String reason) {
        Claim frozen = claim.state().frozen() ? claim : quiesce(List.of(claim), reason).get(0);
        ClaimState replica = frozen.state().steppedDown();
        annotate(frozen, replica);
        return frozen.with(replica);
    }

    /**
     * Scales the workloads whose pods mount the claims to 0 and waits until none of those pods is left. The claims
     * record {@code reason} and each workload before it is scaled. A pod that no Deployment or StatefulSet runs
     * refuses the freeze: nothing is scaled then.
     */
    private List<Claim> quiesce(List<Claim> claims, String reason) {
        Map<String, Claim> current = new LinkedHashMap<>();
        claims.forEach(claim -> current.put(claim.volumeId(), claim));
        long deadline = System.nanoTime() + workloadTimeout.toNanos();
        while (true) {
            Map<String, List<ClaimWorkloads.User>> users = new LinkedHashMap<>();
            for (Claim claim : current.values()) {
                users.put(claim.volumeId(), api("list the pods that mount " + claim.describe(site),
                        () -> workloads.users(claim.namespace(), claim.name())));
            }
            refuseUnscalable(current, users);
            for (Claim claim : List.copyOf(current.values())) {
                current.put(claim.volumeId(), stop(claim, users.get(claim.volumeId()), reason));
            }
            if (users.values().stream().allMatch(List::isEmpty)) {
                return List.copyOf(current.values());
            }
            if (System.nanoTime() > deadline) {
                throw new ProtectionException(Reason.NOT_READY, null, "cannot freeze " + describe(current.values())
                        + ": pods " + users.values().stream().flatMap(List::stream).map(ClaimWorkloads.User::pod)
                                .toList() + " still mount the claims " + workloadTimeout.toSeconds() + "s after"
                        + " their workloads were scaled to 0 (datamover.csi.workload-timeout)");
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    private void refuseUnscalable(Map<String, Claim> claims, Map<String, List<ClaimWorkloads.User>> users) {
        for (Map.Entry<String, List<ClaimWorkloads.User>> entry : users.entrySet()) {
            List<String> unscalable = entry.getValue().stream().filter(user -> user.workload().isEmpty())
                    .map(ClaimWorkloads.User::pod).toList();
            if (!unscalable.isEmpty()) {
                Claim claim = claims.get(entry.getKey());
                throw new ProtectionException(Reason.CONFLICT, "volumeId", "cannot freeze " + claim.describe(site)
                        + ": pods " + unscalable + " mount the claim and are run by no Deployment or StatefulSet,"
                        + " which the csi backend scales to 0 to freeze a volume; stop them, then try again");
            }
        }
    }

    /** Records the reason and the workloads not yet stopped in the claim, then scales those to 0. */
    private Claim stop(Claim claim, List<ClaimWorkloads.User> users, String reason) {
        Set<Workload> running = new LinkedHashSet<>();
        users.forEach(user -> user.workload().filter(w -> !claim.state().quiesced().contains(w))
                .ifPresent(running::add));
        if (claim.state().frozen() && running.isEmpty()) {
            return claim;
        }
        ClaimState frozen = claim.state().frozen(reason, running);
        annotate(claim, frozen);
        for (Workload workload : running) {
            api("scale " + workload + " in namespace " + claim.namespace() + " to 0",
                    () -> workloads.scaleDown(claim.namespace(), workload));
            LOG.infof("%s: scaled %s to 0 to freeze it (%s)", claim.describe(site), workload, reason);
        }
        return claim.with(frozen);
    }

    private Claim awaitRestored(String volumeId) {
        long deadline = System.nanoTime() + workloadTimeout.toNanos();
        while (true) {
            List<PersistentVolumeClaim> restored = labelled(volumeId).stream()
                    .filter(claim -> !ClaimState.of(claim.getMetadata().getAnnotations()).replica()).toList();
            if (restored.size() > 1) {
                throw conflict(volumeId, restored);
            }
            if (!restored.isEmpty()) {
                return claim(volumeId, restored.get(0));
            }
            if (System.nanoTime() > deadline) {
                throw new ProtectionException(Reason.NOT_READY, "volumeId", "cannot promote volume " + volumeId
                        + " at site " + site + ": no claim labelled " + VolumeSnapshotNames.VOLUME_LABEL + "="
                        + volumeId + " after " + workloadTimeout.toSeconds() + "s (datamover.csi.workload-timeout):"
                        + " kube-controller restores the application's claims at the target of a move");
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    private long restoredFrom(Claim claim) {
        PersistentVolumeClaim object = api("read claim " + claim.namespace() + "/" + claim.name(),
                () -> objects.claim(claim.namespace(), claim.name())).orElseThrow(() -> new ProtectionException(
                        Reason.NOT_FOUND, "volumeId", claim.describe(site) + " is gone"));
        String source = object.getSpec().getDataSource() == null ? null : object.getSpec().getDataSource().getName();
        String prefix = claim.volumeId() + ".";
        boolean numbered = source != null && source.startsWith(prefix)
                && source.substring(prefix.length()).matches("\\d{1,18}");
        if (!numbered) {
            throw new ProtectionException(Reason.CONFLICT, "volumeId", "cannot promote " + claim.describe(site)
                    + ": it is labelled " + VolumeSnapshotNames.VOLUME_LABEL + "=" + claim.volumeId() + " but its"
                    + " dataSource is " + source + ", not a VolumeSnapshot " + prefix + "<n> of the volume");
        }
        return Long.parseLong(source.substring(prefix.length()));
    }

    private void annotate(Claim claim, ClaimState state) {
        api("annotate " + claim.describe(site), () -> {
            objects.annotate(claim.namespace(), claim.name(), state.annotations());
            return null;
        });
    }

    /** Creates the volume's next VolumeSnapshot, or picks the one an earlier cycle left unready. */
    private Attempt begin(Claim claim) {
        List<NextVolumeSnapshot.Existing> existing = list(claim).stream()
                .filter(snapshot -> snapshot.snapshot() > 0)
                .map(snapshot -> new NextVolumeSnapshot.Existing(snapshot.snapshot(), snapshot.ready(),
                        snapshot.deleting()))
                .toList();
        Long given = awaited.get(claim.volumeId());
        boolean givenExists = given != null && existing.stream()
                .anyMatch(snapshot -> snapshot.snapshot() == given && !snapshot.deleting());
        if (given != null && !givenExists) {
            awaited.remove(claim.volumeId(), given);
        }
        NextVolumeSnapshot next = givenExists ? new NextVolumeSnapshot(given, true)
                : NextVolumeSnapshot.of(existing, claim.state().promotedAt().orElse(0L));
        Attempt attempt = new Attempt(claim, next.snapshot(), VolumeSnapshotNames.name(claim.volumeId(),
                next.snapshot()));
        if (next.exists()) {
            LOG.infof("%s: waiting again for the VolumeSnapshot an earlier cycle created", attempt.describe(site));
            return attempt;
        }
        boolean created = api("create " + attempt.describe(site), () -> objects.create(claim.namespace(),
                attempt.name(), claim.name(), snapshotClass, VolumeSnapshotNames.labels(site, claim.volumeId(),
                        next.snapshot())));
        if (!created) {
            throw new ProtectionException(Reason.CONFLICT, "volumeId", attempt.describe(site) + ": an object of that"
                    + " name exists already without the labels " + VolumeSnapshotNames.selector(site,
                            claim.volumeId()) + "; rename or delete it");
        }
        LOG.infof("%s: created, class %s", attempt.describe(site), snapshotClass.orElse("(the driver's default)"));
        return attempt;
    }

    /** Waits for the attempt's VolumeSnapshot; one that failed discards every VolumeSnapshot of the attempt. */
    private SnapshotInfo settle(Attempt attempt, List<Attempt> together, Instant deadline) {
        Duration left = Duration.between(Instant.now(), deadline);
        Optional<VolumeSnapshotView> settled;
        try {
            settled = objects.awaitSettled(attempt.claim().namespace(), attempt.name(),
                    left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left);
        } catch (KubernetesClientTimeoutException e) {
            awaited.put(attempt.claim().volumeId(), attempt.snapshot());
            throw new ProtectionException(Reason.SNAPSHOT_FAILED, null, attempt.describe(site) + " is not readyToUse"
                    + " after " + readyTimeout.toSeconds() + "s (datamover.csi.ready-timeout); the next cycle waits"
                    + " for it again", e);
        } catch (KubernetesClientException e) {
            throw apiFailure("wait for " + attempt.describe(site), e);
        }
        VolumeSnapshotView view = settled.filter(snapshot -> !snapshot.deleting()).orElseThrow(() ->
                new ProtectionException(Reason.SNAPSHOT_FAILED, null, attempt.describe(site)
                        + " was deleted before it became readyToUse"));
        if (view.error() != null) {
            awaited.remove(attempt.claim().volumeId(), attempt.snapshot());
            together.forEach(this::discard);
            throw new ProtectionException(Reason.SNAPSHOT_FAILED, null, attempt.describe(site) + " failed: "
                    + view.error() + (together.size() > 1 ? "; the VolumeSnapshots of the whole group were deleted"
                            : "; it was deleted") + ", the next cycle takes the snapshot again");
        }
        CsiSnapshot reference = reference(attempt, view);
        references.put(attempt.name(), reference);
        awaited.remove(attempt.claim().volumeId(), attempt.snapshot());
        return new SnapshotInfo(attempt.claim().volumeId(), attempt.snapshot(), view.createdAt(),
                attempt.claim().bytes());
    }

    private CsiSnapshot reference(Attempt attempt, VolumeSnapshotView view) {
        if (view.contentName() == null) {
            throw new ProtectionException(Reason.SNAPSHOT_FAILED, null, attempt.describe(site)
                    + " is readyToUse but names no status.boundVolumeSnapshotContentName");
        }
        VolumeSnapshotObjects.Content content = api("read VolumeSnapshotContent " + view.contentName() + " of "
                + attempt.describe(site), () -> objects.content(view.contentName())).orElseThrow(() ->
                        new ProtectionException(Reason.SNAPSHOT_FAILED, null, attempt.describe(site)
                                + " is bound to VolumeSnapshotContent " + view.contentName() + ", which does not"
                                + " exist"));
        if (content.snapshotHandle() == null || content.driver() == null) {
            throw new ProtectionException(Reason.SNAPSHOT_FAILED, null, attempt.describe(site)
                    + ": its VolumeSnapshotContent " + content.name() + " has no status.snapshotHandle or"
                    + " spec.driver");
        }
        return new CsiSnapshot(attempt.claim().namespace(), attempt.name(), content.snapshotHandle(),
                content.driver());
    }

    private void discard(Attempt attempt) {
        try {
            objects.delete(attempt.claim().namespace(), attempt.name());
            LOG.infof("%s: deleted, as its snapshot failed", attempt.describe(site));
        } catch (KubernetesClientException e) {
            LOG.warnf("%s: cannot delete it after its snapshot failed: %s", attempt.describe(site), e.getMessage());
        }
    }

    private List<VolumeSnapshotView> list(Claim claim) {
        return api("list the VolumeSnapshots of volume " + claim.volumeId() + " in namespace " + claim.namespace(),
                () -> objects.list(claim.namespace(), VolumeSnapshotNames.selector(site, claim.volumeId())));
    }

    private Claim claim(String volumeId) {
        return resolve(volumeId).orElseThrow(() -> new ProtectionException(Reason.NOT_FOUND, "volumeId", "volume '"
                + volumeId + "' has no PersistentVolume bound to a claim at site " + site + ", and no claim a move"
                + " restored for it (labelled " + VolumeSnapshotNames.VOLUME_LABEL + "=" + volumeId + ")"));
    }

    /**
     * The claim of PersistentVolume V, unless it stepped down to a replica and a move restored the volume here since:
     * then the claim the move restored and promote made the primary. A claim of V's {@code claimRef} that is bound to
     * another volume is not V's: a move back replaced it. Where the volume moved away again, the newest restored claim
     * that stepped down stands for it.
     */
    private Optional<Claim> resolve(String volumeId) {
        Optional<Claim> own = api("read PersistentVolume " + volumeId, () -> objects.persistentVolume(volumeId))
                .flatMap(volume -> ownClaim(volumeId, volume));
        if (own.isPresent() && !own.get().state().replica()) {
            return own;
        }
        List<PersistentVolumeClaim> promoted = labelled(volumeId).stream()
                .filter(claim -> ClaimState.of(claim.getMetadata().getAnnotations()).promotedAt().isPresent())
                .toList();
        List<PersistentVolumeClaim> primaries = promoted.stream()
                .filter(claim -> !ClaimState.of(claim.getMetadata().getAnnotations()).replica()).toList();
        if (primaries.size() > 1) {
            throw conflict(volumeId, primaries);
        }
        if (!primaries.isEmpty()) {
            return Optional.of(claim(volumeId, primaries.get(0)));
        }
        if (own.isPresent() || promoted.isEmpty()) {
            return own;
        }
        return promoted.stream().map(claim -> claim(volumeId, claim))
                .max(Comparator.comparingLong(claim -> claim.state().promotedAt().orElse(0L)));
    }

    private Optional<Claim> ownClaim(String volumeId, PersistentVolume volume) {
        ObjectReference ref = volume.getSpec() == null ? null : volume.getSpec().getClaimRef();
        if (ref == null || ref.getNamespace() == null || ref.getName() == null) {
            return Optional.empty();
        }
        Optional<PersistentVolumeClaim> claim = api("read claim " + ref.getNamespace() + "/" + ref.getName(),
                () -> objects.claim(ref.getNamespace(), ref.getName()));
        String boundTo = claim.map(c -> c.getSpec() == null ? null : c.getSpec().getVolumeName()).orElse(null);
        if (boundTo != null && !boundTo.isEmpty() && !boundTo.equals(volumeId)) {
            return Optional.empty();
        }
        ClaimState state = ClaimState.of(claim.map(c -> c.getMetadata().getAnnotations()).orElse(null));
        return Optional.of(new Claim(volumeId, ref.getNamespace(), ref.getName(), bytes(volume), true, state));
    }

    /** A claim a move restored: its bound volume's capacity, or what it requests while it is not bound. */
    private Claim claim(String volumeId, PersistentVolumeClaim claim) {
        String namespace = claim.getMetadata().getNamespace();
        String name = claim.getMetadata().getName();
        String volumeName = claim.getSpec() == null ? null : claim.getSpec().getVolumeName();
        Optional<PersistentVolume> volume = volumeName == null || volumeName.isEmpty() ? Optional.empty()
                : api("read PersistentVolume " + volumeName, () -> objects.persistentVolume(volumeName));
        boolean bound = volume.isPresent() && claim.getStatus() != null
                && "Bound".equals(claim.getStatus().getPhase());
        Quantity requested = claim.getSpec() == null || claim.getSpec().getResources() == null
                || claim.getSpec().getResources().getRequests() == null ? null
                        : claim.getSpec().getResources().getRequests().get("storage");
        long bytes = volume.map(this::bytes).orElseGet(() -> requested == null ? 0L
                : Quantity.getAmountInBytes(requested).longValue());
        return new Claim(volumeId, namespace, name, bytes, bound, ClaimState.of(claim.getMetadata()
                .getAnnotations()));
    }

    /** The claims labelled with the volume's id that are not being deleted. */
    private List<PersistentVolumeClaim> labelled(String volumeId) {
        return api("list the claims labelled " + VolumeSnapshotNames.VOLUME_LABEL + "=" + volumeId,
                () -> objects.claimsLabelled(VolumeSnapshotNames.VOLUME_LABEL, volumeId)).stream()
                .filter(claim -> claim.getMetadata().getDeletionTimestamp() == null).toList();
    }

    private ProtectionException conflict(String volumeId, List<PersistentVolumeClaim> claims) {
        return new ProtectionException(Reason.CONFLICT, "volumeId", "volume " + volumeId + " at site " + site
                + " has more than one claim labelled " + VolumeSnapshotNames.VOLUME_LABEL + "=" + volumeId + ": "
                + claims.stream().map(c -> c.getMetadata().getNamespace() + "/" + c.getMetadata().getName()).toList()
                + "; remove the label from all but the application's");
    }

    private static String describe(Collection<Claim> claims) {
        return claims.size() == 1 ? "volume " + claims.iterator().next().volumeId()
                : "volumes " + claims.stream().map(Claim::volumeId).toList();
    }

    private long bytes(PersistentVolume volume) {
        Quantity storage = volume.getSpec().getCapacity() == null ? null
                : volume.getSpec().getCapacity().get("storage");
        if (storage == null) {
            throw new ProtectionException(Reason.INVALID, "volumeId", "PersistentVolume "
                    + volume.getMetadata().getName() + " at site " + site + " states no spec.capacity.storage");
        }
        return Quantity.getAmountInBytes(storage).longValue();
    }

    private <T> T api(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            throw apiFailure(what, e);
        }
    }

    private ProtectionException apiFailure(String what, KubernetesClientException e) {
        return new ProtectionException(Reason.STORE_UNAVAILABLE, null, "the Kubernetes API of site " + site
                + " failed to " + what + ": " + e.getMessage(), e);
    }
}
