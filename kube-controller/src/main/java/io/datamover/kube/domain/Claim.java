package io.datamover.kube.domain;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * A PersistentVolumeClaim as the controller protects it.
 *
 * @param volumeId the name of the PersistentVolume it is bound to, which the block store knows the volume by; null
 *     while it is not bound, or its PersistentVolume does not exist (yet)
 */
public record Claim(String namespace, String name, String phase, String volumeId) {

    public static final String BOUND = "Bound";

    /** The claim, bound when its phase says so and {@code volumeNames} holds the volume it names. */
    public static Claim of(PersistentVolumeClaim pvc, Set<String> volumeNames) {
        String phase = pvc.getStatus() == null || pvc.getStatus().getPhase() == null ? "Pending"
                : pvc.getStatus().getPhase();
        String volumeName = pvc.getSpec() == null ? null : pvc.getSpec().getVolumeName();
        boolean bound = BOUND.equals(phase) && volumeName != null && volumeNames.contains(volumeName);
        return new Claim(pvc.getMetadata().getNamespace(), pvc.getMetadata().getName(), phase,
                bound ? volumeName : null);
    }

    /**
     * The claims of {@code namespace} the selector matches, by name; a claim being deleted has left the
     * application.
     */
    public static List<Claim> selected(String namespace, LabelSelector selector,
            Collection<PersistentVolumeClaim> pvcs, Set<String> volumeNames) {
        return pvcs.stream()
                .filter(pvc -> namespace.equals(pvc.getMetadata().getNamespace()))
                .filter(pvc -> pvc.getMetadata().getDeletionTimestamp() == null)
                .filter(pvc -> LabelSelectors.matches(selector, pvc.getMetadata().getLabels()))
                .map(pvc -> of(pvc, volumeNames))
                .sorted(Comparator.comparing(Claim::name))
                .toList();
    }

    public boolean isBound() {
        return volumeId != null;
    }

    /** Whether the volume id is one the snapshot-service takes (a DNS label); {@code pvc-<uid>} always is. */
    public boolean hasValidVolumeId() {
        return isBound() && Ids.isValid(volumeId);
    }
}
