package io.datamover.kube.kubernetes;

import io.datamover.events.ApplicationExported;
import io.datamover.kube.domain.ApplicationExports;
import io.datamover.kube.domain.ApplicationTerms;
import io.datamover.kube.domain.Claim;
import io.datamover.kube.domain.Conditions;
import io.datamover.kube.domain.KnownExports;
import io.datamover.kube.domain.Problem;
import io.datamover.kube.domain.Target;
import io.datamover.kube.kafka.ExportPublisher;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Exports each valid application for each of its locations, as {@code Exported} on its status: its objects read
 * from the cluster, cleaned, transformed for the target, published when they changed. An export no longer wanted (its
 * application deleted, invalid, or no longer naming the location) is withdrawn with a tombstone: the keys this site
 * exported are those it published since it started and those whose latest export on the topic is this site's, which
 * is how a restarted controller learns what it exported before.
 */
public class ApplicationExporter {

    private static final Logger LOG = Logger.getLogger(ApplicationExporter.class);

    private final String site;
    private final ApplicationObjects objects;
    private final ExportPublisher publisher;
    private final KnownExports known;
    private final MoveConditions conditions;

    public ApplicationExporter(String site, ApplicationObjects objects, ExportPublisher publisher, KnownExports known,
            MoveConditions conditions) {
        this.site = site;
        this.objects = objects;
        this.publisher = publisher;
        this.known = known;
        this.conditions = conditions;
    }

    /** Exports the application of a valid plan (nothing for an invalid one: nothing of it moves). */
    public void export(ApplicationPlan plan) {
        if (!plan.terms().isValid()) {
            conditions.put(plan.groupId(), Conditions.of(MoveConditions.EXPORTED, false, "SpecInvalid",
                    "not exported: the spec is invalid (see the Valid condition)"));
            return;
        }
        ApplicationTerms terms = plan.terms().value();
        Map<String, String> volumes = new TreeMap<>();
        plan.claims().stream().filter(Claim::hasValidVolumeId).forEach(c -> volumes.put(c.name(), c.volumeId()));
        List<Map<String, Object>> cleaned;
        try {
            cleaned = objects.read(terms.namespace(), terms.selector(), volumes.keySet());
        } catch (KubernetesClientException e) {
            fail(plan, "ExportFailed", "cannot read the objects of namespace " + terms.namespace() + ": "
                    + e.getMessage());
            return;
        }
        List<String> published = new ArrayList<>();
        for (Target target : terms.targets()) {
            ApplicationExported export = ApplicationExports.of(plan.groupId(), site, terms.namespace(), cleaned,
                    volumes, target);
            Optional<Problem> tooLarge = ApplicationExports.sizeProblem(export);
            if (tooLarge.isPresent()) {
                fail(plan, tooLarge.get().reason(), tooLarge.get().message());
                return;
            }
            Optional<String> failure = publisher.failure(export.key());
            if (publisher.publishIfChanged(export)) {
                LOG.infof("group %s: exporting %d objects of namespace %s at %s for %s (namespace %s)",
                        plan.groupId(), export.objects().size(), terms.namespace(), site, target.site(),
                        export.targetNamespace());
            }
            if (failure.isPresent()) {
                fail(plan, "ExportFailed", "the export for " + target.site() + " was not published: "
                        + failure.get() + "; sending it again");
                return;
            }
            published.add(target.site() + " (namespace " + export.targetNamespace() + ")");
        }
        conditions.put(plan.groupId(), Conditions.of(MoveConditions.EXPORTED, true, "Published", cleaned.size()
                + " objects exported for " + String.join(", ", published)));
    }

    /**
     * Withdraws every export of this site that none of the plans wants: a plan wants an export for each location of
     * an application that is valid and not being deleted (also while its export fails: the last one stays). Nothing
     * is withdrawn before the topic has been read up to where it stood at start.
     */
    public void withdrawUnwanted(Collection<ApplicationPlan> plans) {
        if (!known.isCaughtUp()) {
            return;
        }
        Set<String> wanted = plans.stream().filter(plan -> !plan.isDeleted() && plan.terms().isValid())
                .flatMap(plan -> plan.terms().value().targetSites().stream()
                        .map(target -> ApplicationExported.key(plan.groupId(), target)))
                .collect(Collectors.toSet());
        Set<String> exported = new TreeSet<>(known.keysFrom(site));
        exported.addAll(publisher.published());
        exported.removeAll(wanted);
        for (String key : exported) {
            if (publisher.withdraw(key)) {
                LOG.infof("export %s of site %s withdrawn: no valid ProtectedApplication here exports its group for"
                        + " that site any more", key, site);
            }
        }
    }

    private void fail(ApplicationPlan plan, String reason, String message) {
        LOG.warnf("group %s: ProtectedApplication %s not exported at %s: %s", plan.groupId(), plan.name(), site,
                message);
        conditions.put(plan.groupId(), Conditions.of(MoveConditions.EXPORTED, false, reason, message));
    }
}
