package io.datamover.transfer.kubernetes;

import io.datamover.transfer.config.TransferConfig;
import io.datamover.transfer.domain.MoverNames;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.List;
import java.util.Map;

/**
 * The three objects that read one csi snapshot, as {@link MoverNames} names and labels them: a Secret with the
 * mover's bearer token, a block-mode claim restored from the snapshot's VolumeSnapshot, and the block-mover pod that
 * serves the claim's device read-only, the Secret mounted as its token file (non-root, read-only root file system, no API token, never restarted: a mover
 * that fails fails the set).
 *
 * @param namespace the namespace of the source claim, where its VolumeSnapshots are
 * @param storageClass the source claim's storage class, null for none
 * @param bytes the PersistentVolume's capacity, which the restored claim requests
 */
record MoverObjects(String site, String volumeId, long snapshot, String namespace, String storageClass, long bytes) {

    /** Where the restored claim's device appears in the mover's container. */
    static final String DEVICE_PATH = "/dev/datamover-snapshot";
    /** Where the Secret with the token is mounted in the mover's container. */
    static final String TOKEN_DIR = "/var/run/datamover";
    static final String CONTAINER = "mover";
    private static final String VOLUME = "snapshot";
    private static final long RUN_AS = 185;

    String name() {
        return MoverNames.name(volumeId, snapshot);
    }

    Map<String, String> labels() {
        return MoverNames.labels(site, volumeId, snapshot);
    }

    /** Names the objects in errors and logs. */
    String describe() {
        return "snapshot " + snapshot + " of volume " + volumeId + " at site " + site;
    }

    Secret secret(String token) {
        return new SecretBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name()).withLabels(labels()).endMetadata()
                .withType("Opaque")
                .withStringData(Map.of(MoverNames.TOKEN_KEY, token))
                .build();
    }

    PersistentVolumeClaim claim() {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name()).withLabels(labels()).endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withVolumeMode("Block")
                .withStorageClassName(storageClass)
                .withNewDataSource().withApiGroup("snapshot.storage.k8s.io").withKind("VolumeSnapshot")
                .withName(MoverNames.volumeSnapshot(volumeId, snapshot)).endDataSource()
                .withNewResources().addToRequests("storage", new Quantity(Long.toString(bytes))).endResources()
                .endSpec()
                .build();
    }

    Pod pod(TransferConfig.Mover mover) {
        return new PodBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name()).withLabels(labels()).endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withAutomountServiceAccountToken(false)
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(RUN_AS).withRunAsGroup(RUN_AS)
                .withFsGroup(RUN_AS).withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .addNewContainer()
                .withName(CONTAINER)
                .withImage(mover.image())
                .addNewPort().withName("http").withContainerPort(mover.port()).endPort()
                .withEnv(env(mover))
                .addNewVolumeDevice().withName(VOLUME).withDevicePath(DEVICE_PATH).endVolumeDevice()
                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                .addNewVolumeMount().withName("token").withMountPath(TOKEN_DIR).withReadOnly(true).endVolumeMount()
                .withNewResources()
                .addToRequests("cpu", new Quantity(mover.cpuRequest()))
                .addToRequests("memory", new Quantity(mover.memoryRequest()))
                .addToLimits("memory", new Quantity(mover.memoryLimit()))
                .endResources()
                .withNewReadinessProbe().withNewHttpGet().withPath("/q/health/ready").withNewPort("http").endHttpGet()
                .withPeriodSeconds(2).endReadinessProbe()
                .withNewSecurityContext().withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext()
                .endContainer()
                .addNewVolume().withName(VOLUME).withNewPersistentVolumeClaim().withClaimName(name())
                .withReadOnly(true).endPersistentVolumeClaim().endVolume()
                .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
                .addNewVolume().withName("token").withNewSecret().withSecretName(name()).withDefaultMode(0440)
                .endSecret().endVolume()
                .endSpec()
                .build();
    }

    private List<EnvVar> env(TransferConfig.Mover mover) {
        return List.of(
                env("QUARKUS_HTTP_PORT", Integer.toString(mover.port())),
                env("DATAMOVER_MOVER_DEVICE_PATH", DEVICE_PATH),
                env("DATAMOVER_MOVER_VOLUME_ID", volumeId),
                env("DATAMOVER_MOVER_SNAPSHOT", Long.toString(snapshot)),
                env("DATAMOVER_MOVER_VOLUME_BYTES", Long.toString(bytes)),
                env("DATAMOVER_MOVER_TOKEN_FILE", TOKEN_DIR + "/" + MoverNames.TOKEN_KEY));
    }

    private static EnvVar env(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }
}
