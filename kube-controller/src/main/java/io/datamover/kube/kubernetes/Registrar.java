package io.datamover.kube.kubernetes;

import io.datamover.kube.client.GroupRequest;
import io.datamover.kube.client.GroupView;
import io.datamover.kube.client.ProtectionRequest;
import io.datamover.kube.client.ProtectionView;
import io.datamover.kube.client.Replication;
import io.datamover.kube.client.SnapshotServiceClient;
import io.datamover.kube.client.SnapshotServiceException;
import io.datamover.kube.domain.Problem;
import io.datamover.kube.domain.Registration;
import io.datamover.kube.domain.VolumeProgress;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Brings the snapshot-service's groups and protections to what the resources ask for, changing only what differs,
 * and reports what came of it.
 */
public class Registrar {

    private static final Logger LOG = Logger.getLogger(Registrar.class);

    private final SnapshotServiceClient client;
    private final String site;

    public Registrar(SnapshotServiceClient client, String site) {
        this.client = client;
        this.site = site;
    }

    /**
     * What came of a registration, and the progress of its volumes when it is registered.
     *
     * @param hookProblems a pre hook that failed at the snapshot-service's last attempt, which took no snapshot
     */
    public record Outcome(Registration registration, Map<String, VolumeProgress> progress,
            List<Problem> hookProblems) {

        public Outcome(Registration registration, Map<String, VolumeProgress> progress) {
            this(registration, progress, List.of());
        }

        static Outcome failed(SnapshotServiceException e) {
            return new Outcome(Registration.notRegistered(e.kind().reason(), e.getMessage()), Map.of());
        }
    }

    public Outcome group(String groupId, GroupRequest request) {
        try {
            GroupView view = client.group(groupId).filter(v -> v.matches(request)).orElse(null);
            if (view == null) {
                client.putGroup(groupId, request);
                LOG.infof("group %s at site %s: volumes %s every %ds, retain %d, to %s, hooks run by this controller:"
                        + " %s", groupId, site, request.volumeIds(), request.intervalSeconds(), request.retain(),
                        request.targetSites(),
                        request.remoteHooks() == null ? "none" : request.remoteHooks().summary());
                view = client.group(groupId).orElseThrow(() -> gone("group", groupId));
            }
            return new Outcome(registered("group " + groupId, request.volumeIds().size() + " volumes",
                    request.intervalSeconds(), request.retain(), request.targetSites(), view.state()),
                    progress(view.replication()), view.failingHook().map(Registrar::hookFailed).stream()
                    .toList());
        } catch (SnapshotServiceException e) {
            return Outcome.failed(e);
        }
    }

    public Outcome protection(String volumeId, ProtectionRequest request) {
        try {
            ProtectionView view = client.protection(volumeId).filter(v -> v.matches(request)).orElse(null);
            if (view == null) {
                client.putProtection(volumeId, request);
                LOG.infof("volume %s at site %s protected: every %ds, retain %d, to %s", volumeId, site,
                        request.intervalSeconds(), request.retain(), request.targetSites());
                view = client.protection(volumeId).orElseThrow(() -> gone("protection", volumeId));
            }
            return new Outcome(registered("protection of " + volumeId, "1 volume", request.intervalSeconds(),
                    request.retain(), request.targetSites(), view.state()),
                    view.replication() == null ? Map.of() : progress(List.of(view.replication())));
        } catch (SnapshotServiceException e) {
            return Outcome.failed(e);
        }
    }

    /** Removes the group; null when it is gone (or never was), else why it could not be removed. */
    public SnapshotServiceException removeGroup(String groupId) {
        return attempt(() -> client.deleteGroup(groupId));
    }

    /** Ends the protection; null when it is gone (or never was), else why it could not be ended. */
    public SnapshotServiceException removeProtection(String volumeId) {
        return attempt(() -> client.deleteProtection(volumeId));
    }

    private static SnapshotServiceException attempt(Runnable call) {
        try {
            call.run();
            return null;
        } catch (SnapshotServiceException e) {
            return e;
        }
    }

    private Registration registered(String what, String volumes, long intervalSeconds, int retain,
            List<String> targetSites, String state) {
        String message = what + " registered with the snapshot-service of site " + site + ": " + volumes + " every "
                + intervalSeconds + "s, keeping " + retain + ", replicated to " + targetSites + "; " + state;
        if ("active".equals(state)) {
            return Registration.registered(message);
        }
        return new Registration(true, "standby".equals(state) ? "Standby" : "StoreUnknown", message
                + ("standby".equals(state) ? ": a volume is not a primary in this site's block store, so no snapshot"
                        + " is taken here" : ": the snapshot-service cannot reach its block store"));
    }

    private static Problem hookFailed(GroupView.HookFailure failure) {
        if ("postHook".equals(failure.hook())) {
            return new Problem("PostHookFailed", "spec.hooks.post", "spec.hooks.post failed at " + failure.at()
                    + ", after the group snapshot: the application may still be quiesced until a later post hook"
                    + " succeeds: " + failure.message());
        }
        return new Problem("PreHookFailed", "spec.hooks.pre", "spec.hooks.pre failed at " + failure.at()
                + ", so the snapshot-service took no snapshot: " + failure.message());
    }

    private static Map<String, VolumeProgress> progress(List<Replication> replication) {
        return replication.stream().map(Replication::progress)
                .collect(Collectors.toMap(VolumeProgress::volumeId, Function.identity(), (a, b) -> a));
    }

    private static SnapshotServiceException gone(String what, String id) {
        return new SnapshotServiceException(SnapshotServiceException.Kind.FAILED, 404, null, "the " + what + " '" + id
                + "' the snapshot-service accepted is gone again", null);
    }
}
