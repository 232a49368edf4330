package io.datamover.kube.kubernetes;

import io.datamover.kube.config.ControllerConfig;
import io.datamover.kube.crd.ProtectedApplication;
import io.datamover.kube.domain.ApplicationTerms;
import io.datamover.kube.domain.Checked;
import io.datamover.kube.domain.ExecResult;
import io.datamover.kube.domain.HookOutcome;
import io.datamover.kube.domain.HookPhase;
import io.datamover.kube.domain.HookRefusedException;
import io.datamover.kube.domain.HookRun;
import io.datamover.kube.domain.Ids;
import io.datamover.kube.domain.PodChoice;
import io.datamover.kube.domain.Problem;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Runs the hooks the snapshot-service asks for: finds the ProtectedApplication of the group, picks a running pod its
 * hook selects and runs the hook's command there through the exec API, within the hook's timeout.
 */
@ApplicationScoped
public class RemoteHooks {

    private static final Logger LOG = Logger.getLogger(RemoteHooks.class);

    private final Informers informers;
    private final String site;
    private final HookPods pods;
    private final PodExec exec;

    public RemoteHooks(Informers informers, ControllerConfig config, KubernetesClient client) {
        this.informers = informers;
        this.site = config.site();
        this.pods = new HookPods(client);
        this.exec = new PodExec(client);
    }

    /**
     * @param phaseCode {@code pre} or {@code post}
     * @param requestedSeconds how long the caller waits, null when it did not say
     * @param caller the site whose snapshot-service asks, for the log; null when it did not say
     * @throws HookRefusedException when the hook is not run at all: a bad phase, an unknown group, no such hook
     */
    public HookOutcome run(String groupId, String phaseCode, Integer requestedSeconds, String caller) {
        HookPhase phase = HookPhase.of(phaseCode).orElseThrow(() -> HookRefusedException.invalid("phase",
                "phase '" + phaseCode + "' of group " + groupId + " is neither 'pre' nor 'post'"));
        ProtectedApplication application = application(groupId);
        HookRun run = HookRun.of(groupId, phase, name(application), terms(application, groupId), requestedSeconds);
        String asker = caller == null ? "the snapshot-service" : "the snapshot-service of site " + caller;
        List<Pod> selected;
        try {
            selected = pods.selected(run.namespace(), run.podSelector());
        } catch (KubernetesClientException e) {
            return logged(HookOutcome.notRun(run, HookOutcome.EXEC_FAILED, "the pods of namespace " + run.namespace()
                    + " cannot be listed: " + e.getMessage()));
        }
        Optional<PodChoice.Chosen> chosen = PodChoice.choose(selected, run.container());
        if (chosen.isEmpty()) {
            return logged(HookOutcome.notRun(run, HookOutcome.NO_RUNNING_POD, "spec.hooks." + phase.code()
                    + ".podSelector " + PodChoice.noneRunning(selected, run.container(), run.namespace())));
        }
        PodChoice.Chosen target = chosen.get();
        LOG.infof("%s at site %s: running %s in pod %s/%s, container %s, for %s (timeout %ds)", run.subject(), site,
                run.command(), run.namespace(), target.pod(), target.container(), asker, run.timeout().toSeconds());
        ExecResult result = exec.run(run.namespace(), target.pod(), target.container(), run.command(),
                run.timeout());
        return logged(HookOutcome.of(run, target, result));
    }

    private ProtectedApplication application(String groupId) {
        if (!informers.isStarted()) {
            throw HookRefusedException.notReady("the controller of site " + site
                    + " has not read its ProtectedApplications yet");
        }
        return informers.applications().stream()
                .filter(app -> groupId.equals(Ids.groupId(app.getMetadata().getNamespace(),
                        app.getMetadata().getName())))
                .findFirst()
                .orElseThrow(() -> HookRefusedException.unknownGroup("no ProtectedApplication"
                        + " the controller of site " + site + " serves has group id '" + groupId + "'"));
    }

    private ApplicationTerms terms(ProtectedApplication application, String groupId) {
        ClusterState state = ClusterState.read(informers, site);
        Checked<ApplicationTerms> terms = ApplicationTerms.check(application.getSpec(), state.schedules(),
                state.locations());
        if (!terms.isValid()) {
            Problem first = terms.problems().get(0);
            throw HookRefusedException.noHook(first.field(), "ProtectedApplication " + name(application)
                    + " of group " + groupId + " is invalid, so none of its hooks runs: "
                    + Problem.messages(terms.problems()));
        }
        return terms.value();
    }

    private static String name(ProtectedApplication application) {
        return application.getMetadata().getNamespace() + "/" + application.getMetadata().getName();
    }

    private HookOutcome logged(HookOutcome outcome) {
        if (outcome.succeeded()) {
            LOG.infof("site %s: %s", site, outcome.message());
        } else {
            LOG.warnf("site %s: %s [%s]", site, outcome.message(), outcome.reason());
        }
        return outcome;
    }
}
