package io.datamover.transfer.kubernetes;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;

/** The block-mode, ReadWriteOnce claims the movers use: restored from a VolumeSnapshot, or a replica's. */
final class BlockClaim {

    private BlockClaim() {
    }

    /**
     * @param storageClass null for the cluster's default class
     * @param volumeSnapshot the VolumeSnapshot (same namespace) the claim is restored from, null for an empty claim
     */
    static PersistentVolumeClaim of(String namespace, String name, Map<String, String> labels,
            Map<String, String> annotations, String storageClass, long bytes, String volumeSnapshot) {
        PersistentVolumeClaimBuilder claim = new PersistentVolumeClaimBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).withLabels(labels)
                .withAnnotations(annotations).endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withVolumeMode("Block")
                .withStorageClassName(storageClass)
                .withNewResources().addToRequests("storage", new Quantity(Long.toString(bytes))).endResources()
                .endSpec();
        if (volumeSnapshot != null) {
            claim.editSpec().withNewDataSource().withApiGroup("snapshot.storage.k8s.io").withKind("VolumeSnapshot")
                    .withName(volumeSnapshot).endDataSource().endSpec();
        }
        return claim.build();
    }
}
