package io.datamover.kube.kubernetes;

import io.datamover.kube.domain.Ids;
import io.datamover.kube.domain.MovePlan;
import io.datamover.kube.domain.MoveReport;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Reports each step of a move as a core/v1 Kubernetes Event, so that it shows where a platform engineer looks
 * ({@code kubectl get events -n <namespace>}, {@code kubectl describe}) even at a site where the group has no
 * ProtectedApplication. The Event is in the namespace of the object the step failed on, about it, or else in the
 * namespace the step works in, about the group itself (also for a cluster-scoped object such as a
 * VolumeSnapshotContent, which the message names: an Event about one could only be in {@code default}); when that
 * namespace does not exist (no export is known, or an abort removed it), in the controller's namespace. The same
 * Event again (same object, reason and message) counts up the one recorded before, as Kubernetes' own recorders do.
 * Events are written on a thread of their own: an API server that does not answer never holds up a move, and an
 * Event that cannot be written is logged, not retried.
 */
public class MoveRecorder implements AutoCloseable {

    /** Kind of the reference to a group in {@code involvedObject}: no object of the API, it names the group. */
    public static final String GROUP_KIND = "VolumeGroup";
    public static final String GROUP_API_VERSION = "datamover.io/v1alpha1";
    public static final String COMPONENT = MovePlan.MANAGED_BY;

    private static final Logger LOG = Logger.getLogger(MoveRecorder.class);
    private static final int MAX_MESSAGE = 1024;
    private static final int MAX_NAME_PREFIX = 200;
    private static final int REMEMBERED = 256;

    private final KubernetesClient client;
    private final String site;
    private final String controllerNamespace;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(
            DaemonThreads.named("kube-controller-move-events"));
    private final AtomicLong lastSuffix = new AtomicLong();
    /** The Event last written for each namespace, object, reason and message, and its count; the oldest forgotten. */
    private final Map<String, Recorded> recorded = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Recorded> eldest) {
            return size() > REMEMBERED;
        }
    };

    private record Recorded(String namespace, String name, int count) {
    }

    public MoveRecorder(KubernetesClient client, String site, String controllerNamespace) {
        this.client = client;
        this.site = site;
        this.controllerNamespace = controllerNamespace;
    }

    /** Hands the report to the writing thread. */
    public void record(MoveReport report) {
        writer.execute(() -> write(report));
    }

    private void write(MoveReport report) {
        boolean aboutObject = report.object() != null && report.object().namespace() != null;
        String namespace = aboutObject ? report.object().namespace()
                : report.namespace() != null ? report.namespace() : controllerNamespace;
        try {
            write(report, namespace, aboutObject ? objectOf(report) : groupOf(report, namespace));
        } catch (KubernetesClientException e) {
            boolean namespaceGone = e.getCode() == 404 || e.getCode() == 403;
            if (!namespaceGone || namespace.equals(controllerNamespace)) {
                LOG.warnf("group %s, decision %s: no Event %s written in namespace %s: %s", report.groupId(),
                        report.decisionId(), report.outcome().reason(), namespace, e.getMessage());
                return;
            }
            try {
                write(report, controllerNamespace, groupOf(report, controllerNamespace));
            } catch (KubernetesClientException again) {
                LOG.warnf("group %s, decision %s: no Event %s written in namespace %s or %s: %s", report.groupId(),
                        report.decisionId(), report.outcome().reason(), namespace, controllerNamespace,
                        again.getMessage());
            }
        }
    }

    /** Counts up the Event written before for the same object, reason and message, or writes a new one. */
    private void write(MoveReport report, String namespace, ObjectReference about) {
        String message = message(report);
        String key = namespace + "/" + about.getKind() + "/" + about.getName() + "/" + report.outcome().reason() + "/"
                + message;
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Recorded before = recorded.get(key);
        if (before != null) {
            try {
                int count = before.count() + 1;
                client.v1().events().inNamespace(namespace).withName(before.name()).patch(
                        PatchContext.of(PatchType.JSON_MERGE), "{\"count\": " + count + ", \"lastTimestamp\": \""
                                + now + "\"}");
                recorded.put(key, new Recorded(namespace, before.name(), count));
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        }
        Event event = new EventBuilder()
                .withNewMetadata().withNamespace(namespace).withName(eventName(about.getName()))
                .addToLabels(MovePlan.GROUP_LABEL, report.groupId())
                .addToLabels(MovePlan.DECISION_LABEL, Ids.decisionLabel(report.decisionId())).endMetadata()
                .withInvolvedObject(about)
                .withReason(report.outcome().reason())
                .withMessage(message)
                .withType(report.outcome().isWarning() ? "Warning" : "Normal")
                .withNewSource().withComponent(COMPONENT).withHost(site).endSource()
                .withReportingComponent(COMPONENT)
                .withReportingInstance(site)
                .withAction(report.action())
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .build();
        client.v1().events().inNamespace(namespace).resource(event).create();
        recorded.put(key, new Recorded(namespace, event.getMetadata().getName(), 1));
    }

    private static ObjectReference objectOf(MoveReport report) {
        return new ObjectReferenceBuilder().withApiVersion(report.object().apiVersion())
                .withKind(report.object().kind()).withNamespace(report.object().namespace())
                .withName(report.object().name()).build();
    }

    private static ObjectReference groupOf(MoveReport report, String namespace) {
        return new ObjectReferenceBuilder().withApiVersion(GROUP_API_VERSION).withKind(GROUP_KIND)
                .withNamespace(namespace).withName(report.groupId()).build();
    }

    private static String message(MoveReport report) {
        String message = report.message();
        return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE - 3) + "...";
    }

    /** {@code <object>.<hex>}, as Kubernetes names Events: unique, and a valid name for any object's name. */
    private String eventName(String about) {
        String prefix = about.length() <= MAX_NAME_PREFIX ? about
                : about.substring(0, MAX_NAME_PREFIX).replaceAll("[-.]+$", "");
        long nanos = ChronoUnit.NANOS.between(Instant.EPOCH, Instant.now());
        long suffix = lastSuffix.updateAndGet(last -> Math.max(last + 1, nanos));
        return prefix + "." + Long.toHexString(suffix);
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(5, TimeUnit.SECONDS)) {
                writer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            writer.shutdownNow();
        }
    }
}
