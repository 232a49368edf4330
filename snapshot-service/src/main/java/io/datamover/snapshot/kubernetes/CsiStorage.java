package io.datamover.snapshot.kubernetes;

import io.datamover.blockstore.api.RejoinResult;
import io.datamover.blockstore.api.SnapshotInfo;
import io.datamover.blockstore.api.VolumeInfo;
import io.datamover.events.ChangeMethod;
import io.datamover.events.CsiSnapshot;
import io.datamover.snapshot.config.SnapshotConfig;
import io.datamover.snapshot.domain.ClaimState;
import io.datamover.snapshot.domain.NextVolumeSnapshot;
import io.datamover.snapshot.domain.ProtectionException;
import io.datamover.snapshot.domain.ProtectionException.Reason;
import io.datamover.snapshot.domain.VolumeSnapshotNames;
import io.datamover.snapshot.storage.SnapshotStorage;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
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
 * <p>A volume is frozen by stopping what writes it ({@link ClaimFreezer}): the Deployments and StatefulSets whose pods
 * mount its claim are scaled to 0 before the final snapshot, and a thaw scales them back. At the target of a move the
 * primary is the application's claim kube-controller restored from the replica's snapshot ({@link VolumeClaims}):
 * promote waits for it, and from then on volume V is that claim, its snapshots numbered after the one it was restored
 * from. Demote and the rejoin after a failover step the claim down: a csi site's replica is transfer-service's claim,
 * which the new primary fills with a full copy, as it shares no snapshot with this one.
 */
public final class CsiStorage implements SnapshotStorage {

    private static final Logger LOG = Logger.getLogger(CsiStorage.class);

    private final VolumeSnapshotObjects objects;
    private final VolumeClaims claims;
    private final ClaimFreezer freezer;
    private final String site;
    private final Optional<String> snapshotClass;
    private final Duration readyTimeout;
    private final int blockSize;
    private final ConcurrentMap<String, CsiSnapshot> references = new ConcurrentHashMap<>();
    /** Per volume, the snapshot whose VolumeSnapshot a cycle gave up waiting for: the next cycle waits for it. */
    private final ConcurrentMap<String, Long> awaited = new ConcurrentHashMap<>();

    /** A VolumeSnapshot a cycle created or waits for again. */
    private record Attempt(VolumeClaim claim, long snapshot, String name) {

        String describe(String site) {
            return "snapshot " + snapshot + " of volume " + claim.volumeId() + " at site " + site
                    + " (VolumeSnapshot " + claim.namespace() + "/" + name + " of claim " + claim.name() + ")";
        }
    }

    public CsiStorage(VolumeSnapshotObjects objects, ClaimWorkloads workloads, String site,
            Optional<String> snapshotClass, Duration readyTimeout, Duration workloadTimeout, int blockSize) {
        this.objects = objects;
        this.claims = new VolumeClaims(objects, site, workloadTimeout);
        this.freezer = new ClaimFreezer(workloads, claims, site, workloadTimeout);
        this.site = site;
        this.snapshotClass = snapshotClass;
        this.readyTimeout = readyTimeout;
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
        return claims.resolve(volumeId).map(claim -> claim.info(blockSize, null));
    }

    @Override
    public List<SnapshotInfo> snapshots(String volumeId) {
        VolumeClaim claim = claims.claim(volumeId);
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
            attempts.add(begin(claims.claim(volumeId)));
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
        freezer.quiesce(volumeIds.stream().map(claims::claim).toList(), reason);
        return createSnapshots(volumeIds);
    }

    @Override
    public void deleteSnapshot(String volumeId, long snapshot) {
        VolumeClaim claim = claims.claim(volumeId);
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
        VolumeClaim claim = claims.claim(volumeId);
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
        VolumeClaim claim = claims.awaitRestored(volumeId);
        long snapshot = claim.state().promotedAt().orElseGet(() -> claims.restoredFrom(claim));
        claims.annotate(claim, ClaimState.promoted(snapshot));
        LOG.infof("%s, restored from snapshot %d, is the volume's primary", claim.describe(site), snapshot);
        return claim.with(ClaimState.promoted(snapshot)).info(blockSize, snapshot);
    }

    /** The volume stays frozen, its workloads at 0, and is a replica from now on: the schedule passes it over. */
    @Override
    public VolumeInfo demote(String volumeId) {
        return stepDown(claims.claim(volumeId), "stepped down to replica").info(blockSize, null);
    }

    @Override
    public VolumeInfo freeze(String volumeId, String reason) {
        VolumeClaim claim = freezer.quiesce(List.of(claims.claim(volumeId)), reason).get(0);
        return claim.info(blockSize, null);
    }

    /** Scales every workload the freeze stopped back to the count it had, unless it was scaled up meanwhile. */
    @Override
    public VolumeInfo thaw(String volumeId) {
        VolumeClaim claim = claims.claim(volumeId);
        if (claim.state().replica()) {
            throw new ProtectionException(Reason.CONFLICT, "volumeId", claim.describe(site) + " stepped down to a"
                    + " replica: its workloads stay at 0 replicas, as the application runs at its primary");
        }
        return freezer.thaw(claim).info(blockSize, null);
    }

    /**
     * Steps the claim down as a demote does, discarding nothing: a csi site receives its replica into
     * transfer-service's claim {@code replica-<V>}, which the new primary fills with a full copy, as it has no
     * snapshot in common with this claim. What was written here since stays in the claim until a move back replaces
     * it.
     */
    @Override
    public RejoinResult rejoin(String volumeId, long commonSnapshot) {
        VolumeClaim claim = stepDown(claims.claim(volumeId), "rejoining as a replica");
        LOG.infof("%s rejoined as a replica: its claim keeps what was written since snapshot %d, the replica is"
                + " copied in full", claim.describe(site), commonSnapshot);
        return new RejoinResult(claim.info(blockSize, null), 0, List.of(), ChangeMethod.FULL.code());
    }

    private VolumeClaim stepDown(VolumeClaim claim, String reason) {
        VolumeClaim frozen = claim.state().frozen() ? claim : freezer.quiesce(List.of(claim), reason).get(0);
        ClaimState replica = frozen.state().steppedDown();
        claims.annotate(frozen, replica);
        return frozen.with(replica);
    }

    /** Creates the volume's next VolumeSnapshot, or picks the one an earlier cycle left unready. */
    private Attempt begin(VolumeClaim claim) {
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
            throw KubeCalls.failure(site, "wait for " + attempt.describe(site), e);
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

    private List<VolumeSnapshotView> list(VolumeClaim claim) {
        return api("list the VolumeSnapshots of volume " + claim.volumeId() + " in namespace " + claim.namespace(),
                () -> objects.list(claim.namespace(), VolumeSnapshotNames.selector(site, claim.volumeId())));
    }

    private <T> T api(String what, Supplier<T> call) {
        return KubeCalls.call(site, what, call);
    }
}
