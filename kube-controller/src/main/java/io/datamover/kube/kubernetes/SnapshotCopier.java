package io.datamover.kube.kubernetes;

import static io.datamover.kube.kubernetes.ApiCalls.api;
import static io.datamover.kube.kubernetes.ApiCalls.labels;

import io.datamover.events.ApplicationExported;
import io.datamover.kube.domain.Checked;
import io.datamover.kube.domain.Ids;
import io.datamover.kube.domain.MovePlan;
import io.datamover.kube.domain.MovePlan.Restore;
import io.datamover.kube.domain.ObjectRef;
import io.datamover.kube.domain.Problem;
import io.datamover.kube.domain.SnapshotCopies;
import io.datamover.kube.domain.SnapshotCopies.Source;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Copies the VolumeSnapshots of csi replicas from the replica namespace into an application's namespace at the
 * target ({@link SnapshotCopies}), labels them once the claims restored from them are created, and removes the copies
 * of an aborted decision. VolumeSnapshots and VolumeSnapshotContents ({@code snapshot.storage.k8s.io/v1}) are generic
 * resources, as in the csi backends of snapshot- and transfer-service: Fabric8 publishes no typed model of them for
 * this client.
 */
class SnapshotCopier {

    static final ResourceDefinitionContext SNAPSHOTS = new ResourceDefinitionContext.Builder()
            .withGroup("snapshot.storage.k8s.io").withVersion("v1").withKind(SnapshotCopies.SNAPSHOT)
            .withPlural("volumesnapshots").withNamespaced(true).build();
    static final ResourceDefinitionContext CONTENTS = new ResourceDefinitionContext.Builder()
            .withGroup("snapshot.storage.k8s.io").withVersion("v1").withKind(SnapshotCopies.CONTENT)
            .withPlural("volumesnapshotcontents").withNamespaced(false).build();

    /** A restore's source in the replica namespace and the name of its copy's content. */
    record Copy(Restore restore, Source source, String contentName) {
    }

    private final KubernetesClient client;
    private final String replicaNamespace;

    SnapshotCopier(KubernetesClient client, String replicaNamespace) {
        this.client = client;
        this.replicaNamespace = replicaNamespace;
    }

    /**
     * Reads the replica's VolumeSnapshot of each restore and its bound content, and fails (for good) naming the first
     * that is missing, not {@code readyToUse} or states no snapshot handle or driver: nothing is created before all
     * are known good.
     */
    List<Copy> sources(ApplicationExported export, List<Restore> restores) {
        List<Copy> copies = new ArrayList<>();
        for (Restore restore : restores) {
            Checked<String> contentName = SnapshotCopies.contentName(export.groupId(), export.targetNamespace(),
                    restore.volumeId(), restore.snapshot());
            if (!contentName.isValid()) {
                throw new MoveException(Problem.messages(contentName.problems()), null);
            }
            copies.add(new Copy(restore, source(restore), contentName.value()));
        }
        return copies;
    }

    /** Creates the content and the VolumeSnapshot of each copy in the export's namespace, those missing. */
    void copy(ApplicationExported export, String decisionId, List<Copy> copies) {
        String namespace = export.targetNamespace();
        Map<String, String> labels = MovePlan.labels(export.groupId(), decisionId);
        String label = Ids.decisionLabel(decisionId);
        for (Copy copy : copies) {
            String name = copy.restore().snapshotName();
            create(CONTENTS, ref(SnapshotCopies.CONTENT, null, copy.contentName()), label, SnapshotCopies.content(
                    copy.contentName(), copy.source(), namespace, name, labels));
            create(SNAPSHOTS, ref(SnapshotCopies.SNAPSHOT, namespace, name), label, SnapshotCopies.snapshot(name,
                    namespace, copy.contentName(), labels));
        }
    }

    /** Deletes the VolumeSnapshots the decision copied into {@code namespace}, then their contents. */
    void remove(String namespace, String decisionId) {
        for (GenericKubernetesResource made : snapshotsOf(namespace, decisionId)) {
            ObjectRef ref = ref(SnapshotCopies.SNAPSHOT, namespace, made.getMetadata().getName());
            api("delete " + ref, ref, () -> client.genericKubernetesResources(SNAPSHOTS).inNamespace(namespace)
                    .withName(ref.name()).delete());
        }
        for (GenericKubernetesResource made : contentsOf(decisionId)) {
            ObjectRef ref = ref(SnapshotCopies.CONTENT, null, made.getMetadata().getName());
            api("delete " + ref, ref, () -> client.genericKubernetesResources(CONTENTS).withName(ref.name())
                    .delete());
        }
    }

    /**
     * Labels every copy the decision made in {@code namespace} {@value SnapshotCopies#CLAIMS_CREATED_LABEL}, once the
     * claims restored from them are all created, so that {@link CopyCleaner} deletes each once its claims are Bound.
     * The contents first: a labelled content is deleted only once its VolumeSnapshot is gone, so one labelled before
     * an interruption is kept until the step, tried again, labels the VolumeSnapshot too.
     */
    void markClaimsCreated(String namespace, String decisionId) {
        for (GenericKubernetesResource made : contentsOf(decisionId)) {
            ObjectRef ref = ref(SnapshotCopies.CONTENT, null, made.getMetadata().getName());
            markClaimsCreated(made, ref, () -> client.genericKubernetesResources(CONTENTS).withName(ref.name()));
        }
        for (GenericKubernetesResource made : snapshotsOf(namespace, decisionId)) {
            ObjectRef ref = ref(SnapshotCopies.SNAPSHOT, namespace, made.getMetadata().getName());
            markClaimsCreated(made, ref, () -> client.genericKubernetesResources(SNAPSHOTS).inNamespace(namespace)
                    .withName(ref.name()));
        }
    }

    private static void markClaimsCreated(GenericKubernetesResource made, ObjectRef ref,
            Supplier<Resource<GenericKubernetesResource>> resource) {
        if (SnapshotCopies.CLAIMS_CREATED.equals(labels(made).get(SnapshotCopies.CLAIMS_CREATED_LABEL))) {
            return;
        }
        api("label " + ref + " " + SnapshotCopies.CLAIMS_CREATED_LABEL, ref, () -> resource.get().patch(
                PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\": {\"labels\": {\""
                        + SnapshotCopies.CLAIMS_CREATED_LABEL + "\": \"" + SnapshotCopies.CLAIMS_CREATED + "\"}}}"));
    }

    private List<GenericKubernetesResource> snapshotsOf(String namespace, String decisionId) {
        String label = Ids.decisionLabel(decisionId);
        return api("list the VolumeSnapshots of decision " + decisionId + " in namespace " + namespace, null,
                () -> client.genericKubernetesResources(SNAPSHOTS).inNamespace(namespace)
                        .withLabel(MovePlan.DECISION_LABEL, label).list().getItems());
    }

    private List<GenericKubernetesResource> contentsOf(String decisionId) {
        String label = Ids.decisionLabel(decisionId);
        return api("list the VolumeSnapshotContents of decision " + decisionId, null,
                () -> client.genericKubernetesResources(CONTENTS).withLabel(MovePlan.DECISION_LABEL, label).list()
                        .getItems());
    }

    /** The restore size of each copy's VolumeSnapshot that states one, by the VolumeSnapshot's name. */
    static Map<String, Quantity> restoreSizes(List<Copy> copies) {
        Map<String, Quantity> sizes = new HashMap<>();
        copies.stream().filter(copy -> copy.source().restoreSize() != null)
                .forEach(copy -> sizes.put(copy.restore().snapshotName(), copy.source().restoreSize()));
        return sizes;
    }

    private Source source(Restore restore) {
        ObjectRef ref = ref(SnapshotCopies.SNAPSHOT, replicaNamespace, restore.snapshotName());
        String of = ref + " of the replica of volume " + restore.volumeId();
        GenericKubernetesResource snapshot = api("read " + of, ref, () -> client.genericKubernetesResources(SNAPSHOTS)
                .inNamespace(replicaNamespace).withName(ref.name()).get());
        if (snapshot == null) {
            throw new MoveException(of + " does not exist (the replica has not applied that snapshot, or it was"
                    + " deleted)", ref);
        }
        if (!Boolean.TRUE.equals(snapshot.get("status", "readyToUse"))) {
            Object error = snapshot.get("status", "error", "message");
            throw new MoveException(of + " is not readyToUse" + (error == null ? "" : ": " + error), ref);
        }
        String contentName = text(snapshot.get("status", "boundVolumeSnapshotContentName"));
        if (contentName == null) {
            throw new MoveException(of + " is bound to no VolumeSnapshotContent", ref);
        }
        ObjectRef contentRef = ref(SnapshotCopies.CONTENT, null, contentName);
        GenericKubernetesResource content = api("read " + contentRef + " of " + ref, contentRef,
                () -> client.genericKubernetesResources(CONTENTS).withName(contentName).get());
        String handle = content == null ? null : text(content.get("status", "snapshotHandle"));
        String driver = content == null ? null : text(content.get("spec", "driver"));
        if (handle == null || driver == null) {
            throw new MoveException(contentRef + " of " + of + (content == null ? " does not exist"
                    : " states no snapshot handle or driver"), contentRef);
        }
        return new Source(handle, driver, restoreSize(content, snapshot));
    }

    private void create(ResourceDefinitionContext context, ObjectRef ref, String label, Map<String, Object> object) {
        GenericKubernetesResource wanted = client.getKubernetesSerialization().convertValue(object,
                GenericKubernetesResource.class);
        NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
                Resource<GenericKubernetesResource>> resources = ref.namespace() == null
                        ? client.genericKubernetesResources(context)
                        : client.genericKubernetesResources(context).inNamespace(ref.namespace());
        ApiCalls.createMissing(ref, label, () -> resources.withName(ref.name()).get(),
                () -> resources.resource(wanted).create());
    }

    /** The content's {@code status.restoreSize} (bytes), else the VolumeSnapshot's (a quantity), else null. */
    private static Quantity restoreSize(GenericKubernetesResource content, GenericKubernetesResource snapshot) {
        if (content.get("status", "restoreSize") instanceof Number bytes) {
            return new Quantity(Long.toString(bytes.longValue()));
        }
        String size = text(snapshot.get("status", "restoreSize"));
        return size == null ? null : new Quantity(size);
    }

    static ObjectRef ref(String kind, String namespace, String name) {
        return new ObjectRef(SnapshotCopies.API_VERSION, kind, namespace, name);
    }

    static String text(Object value) {
        return value instanceof String text && !text.isEmpty() ? text : null;
    }
}
