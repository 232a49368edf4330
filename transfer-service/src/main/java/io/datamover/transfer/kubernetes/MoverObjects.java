package io.datamover.transfer.kubernetes;

import io.datamover.transfer.config.TransferConfig;
import io.datamover.transfer.domain.MoverNames;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The objects of one mover pod, as {@link MoverNames} names and labels them. To read a csi snapshot: a Secret with
 * the mover's bearer token, a block-mode claim restored from the snapshot's VolumeSnapshot, and the block-mover pod
 * that serves the claim's device read-only. To write a delta into a csi replica: the Secret and a block-mover pod in
 * replica mode with the replica's claim as a read-write device. The Secret is mounted as the mover's token file;
 * non-root, read-only root file system, no API token, never restarted (a mover that fails fails its set or delta).
 *
 * @param namespace the namespace of the source claim, where its VolumeSnapshots are; for a replica, the replicas'
 * @param storageClass the source claim's storage class, null for none (unused for a replica)
 * @param bytes the volume's size: the PersistentVolume's capacity, which the restored claim requests
 * @param replicaClaim for a replica, the claim the mover writes into; null to read a snapshot
 * @param base for a replica, the snapshot the delta applies on; null for a full copy
 */
record MoverObjects(String site, String volumeId, long snapshot, String namespace, String storageClass, long bytes,
        String replicaClaim, Long base) {

    /** Where the restored claim's device appears in the mover's container. */
    static final String DEVICE_PATH = "/dev/datamover-snapshot";
    /** Where the replica claim's device appears in a replica mover's container. */
    static final String REPLICA_DEVICE_PATH = "/dev/datamover-replica";
    /** Where the Secret with the token is mounted in the mover's container. */
    static final String TOKEN_DIR = "/var/run/datamover";
    static final String CONTAINER = "mover";
    private static final String VOLUME = "snapshot";
    private static final long RUN_AS = 185;

    /** The objects that read snapshot {@code snapshot} of the volume. */
    static MoverObjects reading(String site, String volumeId, long snapshot, String namespace, String storageClass,
            long bytes) {
        return new MoverObjects(site, volumeId, snapshot, namespace, storageClass, bytes, null, null);
    }

    /** The objects that write the delta from {@code base} to {@code snapshot} into the replica's claim. */
    static MoverObjects writing(String site, String volumeId, long snapshot, Long base, String namespace,
            String replicaClaim, long bytes) {
        return new MoverObjects(site, volumeId, snapshot, namespace, null, bytes, replicaClaim, base);
    }

    boolean replica() {
        return replicaClaim != null;
    }

    String name() {
        return MoverNames.name(volumeId, snapshot);
    }

    /** The claim the pod mounts: the one restored from the snapshot, or the replica's. */
    String claimName() {
        return replica() ? replicaClaim : name();
    }

    Map<String, String> labels() {
        return MoverNames.labels(site, volumeId, snapshot);
    }

    /** Names the objects in errors and logs. */
    String describe() {
        return "snapshot " + snapshot + " of volume " + volumeId + (replica() ? " into its replica" : "") + " at site "
                + site;
    }

    /** What the pod is for, as errors say what could not be done: {@code cannot <doing>: <why>}. */
    String doing() {
        return (replica() ? "write " : "read ") + describe();
    }

    Secret secret(String token) {
        return new SecretBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name()).withLabels(labels()).endMetadata()
                .withType("Opaque")
                .withStringData(Map.of(MoverNames.TOKEN_KEY, token))
                .build();
    }

    PersistentVolumeClaim claim() {
        return BlockClaim.of(namespace, name(), labels(), Map.of(), storageClass, bytes,
                MoverNames.volumeSnapshot(volumeId, snapshot));
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
                .addNewVolumeDevice().withName(VOLUME).withDevicePath(devicePath()).endVolumeDevice()
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
                .addNewVolume().withName(VOLUME).withNewPersistentVolumeClaim().withClaimName(claimName())
                .withReadOnly(!replica()).endPersistentVolumeClaim().endVolume()
                .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
                .addNewVolume().withName("token").withNewSecret().withSecretName(name()).withDefaultMode(0440)
                .endSecret().endVolume()
                .endSpec()
                .build();
    }

    private String devicePath() {
        return replica() ? REPLICA_DEVICE_PATH : DEVICE_PATH;
    }

    private List<EnvVar> env(TransferConfig.Mover mover) {
        List<EnvVar> env = new ArrayList<>(List.of(
                env("QUARKUS_HTTP_PORT", Integer.toString(mover.port())),
                env("DATAMOVER_MOVER_MODE", replica() ? "replica" : "snapshot"),
                env("DATAMOVER_MOVER_DEVICE_PATH", devicePath()),
                env("DATAMOVER_MOVER_VOLUME_ID", volumeId),
                env("DATAMOVER_MOVER_SNAPSHOT", Long.toString(snapshot)),
                env("DATAMOVER_MOVER_VOLUME_BYTES", Long.toString(bytes)),
                env("DATAMOVER_MOVER_TOKEN_FILE", TOKEN_DIR + "/" + MoverNames.TOKEN_KEY)));
        if (base != null) {
            env.add(env("DATAMOVER_MOVER_BASE_SNAPSHOT", Long.toString(base)));
        }
        return env;
    }

    private static EnvVar env(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }
}
