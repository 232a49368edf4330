package io.datamover.kube.domain;

import io.datamover.kube.crd.ProtectedApplicationStatus;
import io.datamover.kube.crd.VolumeStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The status of a ProtectedApplication, from what the controller found and what the snapshot-service said. */
public final class ApplicationStatuses {

    public static final String VOLUMES_BOUND = "VolumesBound";
    public static final String HOOKS_READY = "HooksReady";
    public static final String PROTECTED = "Protected";
    public static final String REPLICATED = "Replicated";

    private ApplicationStatuses() {
    }

    /**
     * The status, its conditions not yet stamped (see {@link Conditions#stamp}).
     *
     * @param claims the claims the selector matches (none when the spec is invalid)
     * @param hookProblems why a hook has no running pod to run in, or why the last pre hook failed (empty when
     *     neither)
     * @param progress what the snapshot-service reports of each volume, by volume id
     */
    public static ProtectedApplicationStatus of(String groupId, Checked<ApplicationTerms> terms, List<Claim> claims,
            List<Problem> hookProblems, Registration registration, Map<String, VolumeProgress> progress) {
        ProtectedApplicationStatus status = new ProtectedApplicationStatus();
        status.setGroupId(groupId);
        List<Condition> conditions = new ArrayList<>();
        if (!terms.isValid()) {
            conditions.add(Conditions.valid(terms.problems()));
            conditions.add(Conditions.of(VOLUMES_BOUND, Conditions.UNKNOWN, "SpecInvalid", "the spec is invalid"));
            conditions.add(Conditions.of(HOOKS_READY, Conditions.UNKNOWN, "SpecInvalid", "the spec is invalid"));
        } else {
            conditions.add(Conditions.valid(List.of()));
            conditions.add(volumesBound(terms.value(), claims));
            conditions.add(hooksReady(terms.value(), hookProblems));
        }
        conditions.add(Conditions.of(PROTECTED, registration.registered(), registration.reason(),
                registration.message()));
        conditions.add(registration.registered() ? replicated(terms.value(), claims, progress)
                : Conditions.of(REPLICATED, Conditions.UNKNOWN, "NotProtected", "the application is not protected"));
        status.setConditions(conditions);
        List<Target> targets = terms.isValid() ? terms.value().targets() : List.of();
        status.setVolumes(claims.stream().map(claim -> volumeStatus(claim, targets, progress)).toList());
        return status;
    }

    private static Condition volumesBound(ApplicationTerms terms, List<Claim> claims) {
        if (claims.isEmpty()) {
            return Conditions.of(VOLUMES_BOUND, false, "NoClaims", "spec.selector matches no"
                    + " PersistentVolumeClaim in namespace " + terms.namespace());
        }
        List<String> unbound = claims.stream().filter(c -> !c.isBound()).map(Claim::name).toList();
        if (!unbound.isEmpty()) {
            return Conditions.of(VOLUMES_BOUND, false, "ClaimsUnbound", "PersistentVolumeClaims " + unbound
                    + " in namespace " + terms.namespace() + " are not bound to a PersistentVolume yet; each is"
                    + " protected once it is bound");
        }
        List<String> invalid = claims.stream().filter(c -> !c.hasValidVolumeId())
                .map(c -> c.name() + " (" + c.volumeId() + ")").toList();
        if (!invalid.isEmpty()) {
            return Conditions.of(VOLUMES_BOUND, false, "InvalidVolumeId", "PersistentVolumeClaims " + invalid
                    + " are bound to PersistentVolumes whose names are no volume id (a DNS label of at most 63"
                    + " characters); they are left out of the group");
        }
        return Conditions.of(VOLUMES_BOUND, true, "AllBound", "every PersistentVolumeClaim the selector matches is"
                + " bound: " + claims.stream().map(c -> c.name() + "=" + c.volumeId()).toList());
    }

    private static Condition hooksReady(ApplicationTerms terms, List<Problem> hookProblems) {
        if (terms.hooks().isEmpty()) {
            return Conditions.of(HOOKS_READY, true, "NoHooks", "no hooks: snapshots are crash-consistent");
        }
        if (!hookProblems.isEmpty()) {
            return Conditions.of(HOOKS_READY, false, hookProblems.get(0).reason(),
                    Problem.messages(hookProblems));
        }
        return Conditions.of(HOOKS_READY, true, "PodsRunning", "hooks " + terms.hooks().keySet()
                + " each select a running pod; the snapshot-service asks this controller to run them around each"
                + " group snapshot, which is application-consistent");
    }

    private static Condition replicated(ApplicationTerms terms, List<Claim> claims,
            Map<String, VolumeProgress> progress) {
        List<String> missing = new ArrayList<>();
        for (Claim claim : claims) {
            if (!claim.hasValidVolumeId()) {
                continue;
            }
            VolumeProgress volume = progress.get(claim.volumeId());
            for (Target target : terms.targets()) {
                if (volume == null || !volume.appliedBySite().containsKey(target.site())) {
                    missing.add(claim.name() + " at " + target.location());
                }
            }
        }
        if (!missing.isEmpty()) {
            return Conditions.of(REPLICATED, false, "ReplicaPending", "no consistent replica yet of " + missing);
        }
        return Conditions.of(REPLICATED, true, "Consistent", "every volume has a consistent replica at every"
                + " location " + terms.targets().stream().map(Target::location).toList());
    }

    private static VolumeStatus volumeStatus(Claim claim, List<Target> targets, Map<String, VolumeProgress> progress) {
        VolumeStatus status = new VolumeStatus();
        status.setPvc(claim.name());
        status.setPhase(claim.phase());
        status.setVolumeId(claim.volumeId());
        VolumeProgress volume = claim.isBound() ? progress.get(claim.volumeId()) : null;
        if (volume != null) {
            status.setLastSnapshot(volume.lastSnapshot());
            status.setLastSnapshotTime(volume.lastSnapshotAt() == null ? null : volume.lastSnapshotAt().toString());
            Map<String, Long> consistent = new TreeMap<>();
            for (Target target : targets) {
                Long applied = volume.appliedBySite().get(target.site());
                if (applied != null) {
                    consistent.put(target.location(), applied);
                }
            }
            status.setConsistentSnapshots(consistent);
        }
        return status;
    }
}
