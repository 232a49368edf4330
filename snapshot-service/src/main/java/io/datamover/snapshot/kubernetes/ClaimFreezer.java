package io.datamover.snapshot.kubernetes;

import io.datamover.snapshot.domain.ClaimState;
import io.datamover.snapshot.domain.ProtectionException;
import io.datamover.snapshot.domain.ProtectionException.Reason;
import io.datamover.snapshot.domain.Workload;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Freezes csi volumes by stopping what writes them: the Deployments and StatefulSets whose pods mount the claims are
 * scaled to 0 and the freeze waits until no such pod is left, at most {@code datamover.csi.workload-timeout}. Which
 * workloads it stopped, and why, are written into the claim ({@link ClaimState}) before they are scaled, so that a
 * thaw after a restart gives each its count back.
 */
final class ClaimFreezer {

    private static final Logger LOG = Logger.getLogger(ClaimFreezer.class);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final ClaimWorkloads workloads;
    private final VolumeClaims claims;
    private final String site;
    private final Duration timeout;

    ClaimFreezer(ClaimWorkloads workloads, VolumeClaims claims, String site, Duration timeout) {
        this.workloads = workloads;
        this.claims = claims;
        this.site = site;
        this.timeout = timeout;
    }

    /**
     * Scales the workloads whose pods mount the claims to 0 and waits until none of those pods is left. The claims
     * record {@code reason} and each workload before it is scaled. A pod that no Deployment or StatefulSet runs
     * refuses the freeze: nothing is scaled then.
     */
    List<VolumeClaim> quiesce(List<VolumeClaim> toFreeze, String reason) {
        Map<String, VolumeClaim> current = new LinkedHashMap<>();
        toFreeze.forEach(claim -> current.put(claim.volumeId(), claim));
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean first = true;
        while (true) {
            Map<String, List<ClaimWorkloads.User>> users = new LinkedHashMap<>();
            for (VolumeClaim claim : current.values()) {
                users.put(claim.volumeId(), api("list the pods that mount " + claim.describe(site),
                        () -> workloads.users(claim.namespace(), claim.name())));
            }
            refuseUnscalable(current, users);
            for (VolumeClaim claim : List.copyOf(current.values())) {
                current.put(claim.volumeId(), stop(claim, users.get(claim.volumeId()), reason, first));
            }
            first = false;
            if (users.values().stream().allMatch(List::isEmpty)) {
                return List.copyOf(current.values());
            }
            if (System.nanoTime() > deadline) {
                throw new ProtectionException(Reason.NOT_READY, null, "cannot freeze " + describe(current.values())
                        + ": pods " + users.values().stream().flatMap(List::stream).map(ClaimWorkloads.User::pod)
                                .toList() + " still mount the claims " + timeout.toSeconds() + "s after"
                        + " their workloads were scaled to 0 (datamover.csi.workload-timeout)");
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    private void refuseUnscalable(Map<String, VolumeClaim> byVolume, Map<String, List<ClaimWorkloads.User>> users) {
        for (Map.Entry<String, List<ClaimWorkloads.User>> entry : users.entrySet()) {
            List<String> unscalable = entry.getValue().stream().filter(user -> user.workload().isEmpty())
                    .map(ClaimWorkloads.User::pod).toList();
            if (!unscalable.isEmpty()) {
                VolumeClaim claim = byVolume.get(entry.getKey());
                throw new ProtectionException(Reason.CONFLICT, "volumeId", "cannot freeze " + claim.describe(site)
                        + ": pods " + unscalable + " mount the claim and are run by no Deployment or StatefulSet,"
                        + " which the csi backend scales to 0 to freeze a volume; stop them, then try again");
            }
        }
    }

    /**
     * Records the reason and the workloads not recorded yet in the claim, then scales those to 0. On the first round
     * of a freeze the recorded ones are scaled to 0 again too: a run that stopped between recording and scaling them
     * left them running.
     */
    private VolumeClaim stop(VolumeClaim claim, List<ClaimWorkloads.User> users, String reason, boolean first) {
        Set<Workload> using = new LinkedHashSet<>();
        users.forEach(user -> user.workload().ifPresent(using::add));
        Set<Workload> unrecorded = new LinkedHashSet<>(using);
        unrecorded.removeAll(claim.state().quiesced());
        VolumeClaim frozen = claim;
        if (!claim.state().frozen() || !unrecorded.isEmpty()) {
            frozen = claim.with(claim.state().frozen(reason, unrecorded));
            claims.annotate(claim, frozen.state());
        }
        for (Workload workload : first ? using : unrecorded) {
            api("scale " + workload + " in namespace " + claim.namespace() + " to 0",
                    () -> workloads.scaleDown(claim.namespace(), workload));
            LOG.infof("%s: scaled %s to 0 to freeze it (%s)", claim.describe(site), workload, reason);
        }
        return frozen;
    }

    private static String describe(Collection<VolumeClaim> claims) {
        return claims.size() == 1 ? "volume " + claims.iterator().next().volumeId()
                : "volumes " + claims.stream().map(VolumeClaim::volumeId).toList();
    }

    /** Gives every workload the claim's freeze stopped its count back, unless it was scaled up meanwhile. */
    VolumeClaim thaw(VolumeClaim claim) {
        for (Workload workload : claim.state().quiesced()) {
            boolean found = api("scale " + workload + " in namespace " + claim.namespace() + " back",
                    () -> workloads.scaleBack(claim.namespace(), workload));
            if (!found) {
                LOG.warnf("%s: %s, stopped by its freeze, is gone; nothing to scale back", claim.describe(site),
                        workload);
            }
        }
        ClaimState thawed = claim.state().thawed();
        claims.annotate(claim, thawed);
        LOG.infof("%s thawed: %s scaled back", claim.describe(site), claim.state().quiesced());
        return claim.with(thawed);
    }

    private <T> T api(String what, Supplier<T> call) {
        return KubeCalls.call(site, what, call);
    }
}
