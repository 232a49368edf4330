package io.datamover.kube.kubernetes;

import io.datamover.kube.client.ProtectionRequest;
import io.datamover.kube.client.SnapshotServiceException;
import io.datamover.kube.domain.Checked;
import io.datamover.kube.domain.Claim;
import io.datamover.kube.domain.Problem;
import io.datamover.kube.domain.StorageClassTerms;
import io.datamover.kube.kubernetes.Registrar.Outcome;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Every claim provisioned from a StorageClass with {@code migrationEnable: "true"}, protected alone. A claim the
 * controller protects holds a finalizer and names its volume in an annotation, so that its protection is ended when
 * the claim goes, even after a restart; another annotation says how its protection stands.
 */
public class ClassProtections {

    public static final String FINALIZER = "datamover.io/protection";
    public static final String VOLUME_ANNOTATION = "datamover.io/volume-id";
    public static final String STATUS_ANNOTATION = "datamover.io/protection";

    private static final Logger LOG = Logger.getLogger(ClassProtections.class);

    private final KubernetesClient client;
    private final Registrar registrar;

    public ClassProtections(KubernetesClient client, Registrar registrar) {
        this.client = client;
        this.registrar = registrar;
    }

    /** What the storage classes ask for in this pass: a protection per volume, and why other claims have none. */
    public record Plan(Map<String, Desired> protections, Map<PersistentVolumeClaim, String> unprotected) {
    }

    /** A claim to protect alone, and how. */
    public record Desired(PersistentVolumeClaim claim, String volumeId, ProtectionRequest request) {
    }

    /**
     * The protections the storage classes ask for; a volume in an application's group is protected by the group,
     * not alone.
     */
    public static Plan plan(ClusterState state, Set<String> groupedVolumes) {
        Map<String, StorageClass> classes = state.storageClasses().stream()
                .collect(Collectors.toMap(c -> c.getMetadata().getName(), Function.identity()));
        Map<String, Desired> protections = new LinkedHashMap<>();
        Map<PersistentVolumeClaim, String> unprotected = new HashMap<>();
        for (PersistentVolumeClaim pvc : state.claims()) {
            if (pvc.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            Optional<String> className = StorageClassTerms.classOf(pvc, state.storageClasses());
            StorageClass storageClass = className.map(classes::get).orElse(null);
            Optional<Checked<StorageClassTerms>> checked = storageClass == null ? Optional.empty()
                    : StorageClassTerms.check(storageClass, state.schedules(), state.locations());
            if (checked.isEmpty()) {
                continue;
            }
            Claim claim = Claim.of(pvc, state.volumeNames());
            String why = whyNot(checked.get(), claim, className.get(), groupedVolumes);
            if (why != null) {
                unprotected.put(pvc, why);
            } else {
                StorageClassTerms terms = checked.get().value();
                protections.put(claim.volumeId(), new Desired(pvc, claim.volumeId(), new ProtectionRequest(
                        terms.schedule().intervalSeconds(), terms.schedule().retain(), terms.targetSites())));
            }
        }
        return new Plan(protections, unprotected);
    }

    private static String whyNot(Checked<StorageClassTerms> terms, Claim claim, String className,
            Set<String> groupedVolumes) {
        if (!terms.isValid()) {
            return "Invalid: StorageClass " + className + ": " + Problem.messages(terms.problems());
        }
        if (!claim.isBound()) {
            return "Pending: not bound to a PersistentVolume yet; protected once it is";
        }
        if (!claim.hasValidVolumeId()) {
            return "Invalid: PersistentVolume name '" + claim.volumeId() + "' is no volume id (a DNS label)";
        }
        if (groupedVolumes.contains(claim.volumeId())) {
            return "Grouped: protected with its ProtectedApplication's volume group";
        }
        return null;
    }

    /** Ends the protections of claims that are gone or no longer protected alone. */
    public void withdraw(ClusterState state, Plan plan) {
        for (PersistentVolumeClaim pvc : state.claims()) {
            if (!finalizers(pvc).contains(FINALIZER)) {
                continue;
            }
            String volumeId = annotations(pvc).get(VOLUME_ANNOTATION);
            boolean wanted = pvc.getMetadata().getDeletionTimestamp() == null && volumeId != null
                    && plan.protections().containsKey(volumeId);
            if (wanted) {
                continue;
            }
            SnapshotServiceException failure = volumeId == null ? null : registrar.removeProtection(volumeId);
            if (failure != null) {
                LOG.warnf("cannot end the protection of volume %s of claim %s/%s: %s; trying again", volumeId,
                        pvc.getMetadata().getNamespace(), pvc.getMetadata().getName(), failure.getMessage());
                continue;
            }
            LOG.infof("volume %s of claim %s/%s no longer protected by its storage class", volumeId,
                    pvc.getMetadata().getNamespace(), pvc.getMetadata().getName());
            edit(pvc, null, plan.unprotected().get(pvc));
        }
    }

    /** Protects every volume the plan asks for, and says on each claim how it stands. */
    public void register(Plan plan) {
        for (Desired desired : plan.protections().values()) {
            if (!edit(desired.claim(), desired.volumeId(), statusOf(desired.claim()))) {
                continue;
            }
            Outcome outcome = registrar.protection(desired.volumeId(), desired.request());
            String status = (outcome.registration().registered() ? "Protected: " : "Failed: ")
                    + outcome.registration().message();
            edit(desired.claim(), desired.volumeId(), status);
        }
        plan.unprotected().forEach((pvc, why) -> {
            if (!why.equals(statusOf(pvc))) {
                edit(pvc, annotations(pvc).get(VOLUME_ANNOTATION), why);
            }
        });
    }

    /**
     * Sets the claim's finalizer and volume annotation ({@code volumeId} null: removes them) and its status
     * annotation, if anything changes.
     */
    private boolean edit(PersistentVolumeClaim pvc, String volumeId, String status) {
        boolean owned = finalizers(pvc).contains(FINALIZER);
        if (owned == (volumeId != null) && Objects.equals(volumeId, annotations(pvc).get(VOLUME_ANNOTATION))
                && Objects.equals(status, statusOf(pvc))) {
            return true;
        }
        try {
            client.persistentVolumeClaims().inNamespace(pvc.getMetadata().getNamespace())
                    .withName(pvc.getMetadata().getName()).edit(current -> {
                        List<String> finalizers = new ArrayList<>(finalizers(current));
                        Map<String, String> annotations = new HashMap<>(annotations(current));
                        finalizers.remove(FINALIZER);
                        annotations.remove(VOLUME_ANNOTATION);
                        if (volumeId != null) {
                            finalizers.add(FINALIZER);
                            annotations.put(VOLUME_ANNOTATION, volumeId);
                        }
                        if (status == null) {
                            annotations.remove(STATUS_ANNOTATION);
                        } else {
                            annotations.put(STATUS_ANNOTATION, status);
                        }
                        current.getMetadata().setFinalizers(finalizers);
                        current.getMetadata().setAnnotations(annotations);
                        return current;
                    });
            return true;
        } catch (KubernetesClientException e) {
            LOG.warnf("cannot mark claim %s/%s: %s", pvc.getMetadata().getNamespace(), pvc.getMetadata().getName(),
                    e.getMessage());
            return false;
        }
    }

    private static String statusOf(PersistentVolumeClaim pvc) {
        return annotations(pvc).get(STATUS_ANNOTATION);
    }

    private static List<String> finalizers(PersistentVolumeClaim pvc) {
        return pvc.getMetadata().getFinalizers() == null ? List.of() : pvc.getMetadata().getFinalizers();
    }

    private static Map<String, String> annotations(PersistentVolumeClaim pvc) {
        return pvc.getMetadata().getAnnotations() == null ? Map.of() : pvc.getMetadata().getAnnotations();
    }
}
