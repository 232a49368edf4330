package io.datamover.snapshot.kubernetes;

import io.datamover.snapshot.domain.ClaimState;
import io.datamover.snapshot.domain.ProtectionException;
import io.datamover.snapshot.domain.ProtectionException.Reason;
import io.datamover.snapshot.domain.VolumeSnapshotNames;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Which claim is volume V at this site, for the csi backend: the claim of PersistentVolume V, or the claim a move
 * restored for V (labelled {@value VolumeSnapshotNames#VOLUME_LABEL}), and the state kept in its annotations.
 */
final class VolumeClaims {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final VolumeSnapshotObjects objects;
    private final String site;
    private final Duration timeout;

    VolumeClaims(VolumeSnapshotObjects objects, String site, Duration timeout) {
        this.objects = objects;
        this.site = site;
        this.timeout = timeout;
    }

    VolumeClaim claim(String volumeId) {
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
    Optional<VolumeClaim> resolve(String volumeId) {
        Optional<VolumeClaim> own = api("read PersistentVolume " + volumeId, () -> objects.persistentVolume(volumeId))
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

    private Optional<VolumeClaim> ownClaim(String volumeId, PersistentVolume volume) {
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
        return Optional.of(new VolumeClaim(volumeId, ref.getNamespace(), ref.getName(), bytes(volume), true, state));
    }

    /** A claim a move restored: its bound volume's capacity, or what it requests while it is not bound. */
    private VolumeClaim claim(String volumeId, PersistentVolumeClaim claim) {
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
        return new VolumeClaim(volumeId, namespace, name, bytes, bound, ClaimState.of(claim.getMetadata()
                .getAnnotations()));
    }

    /**
     * The claim kube-controller restored for the volume at the target of a move, once it exists: labelled with the
     * volume's id and not stepped down (that one is a former move's, which kube-controller replaces).
     */
    VolumeClaim awaitRestored(String volumeId) {
        long deadline = System.nanoTime() + timeout.toNanos();
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
                        + volumeId + " after " + timeout.toSeconds() + "s (datamover.csi.workload-timeout):"
                        + " kube-controller restores the application's claims at the target of a move");
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /** The snapshot the claim was restored from: {@code n} of its {@code dataSource} {@code <V>.<n>}. */
    long restoredFrom(VolumeClaim claim) {
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

    /** Writes the state into the claim's annotations, removing those it does not hold. */
    void annotate(VolumeClaim claim, ClaimState state) {
        api("annotate " + claim.describe(site), () -> {
            objects.annotate(claim.namespace(), claim.name(), state.annotations());
            return null;
        });
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
        return KubeCalls.call(site, what, call);
    }
}
