package io.datamover.transfer.kubernetes;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.transfer.config.TransferConfig;
import io.datamover.transfer.domain.ChangedSet;
import io.datamover.transfer.domain.MoverNames;
import io.datamover.transfer.domain.TransferException;
import io.datamover.transfer.domain.TransferException.Reason;
import io.datamover.transfer.sender.OpenSnapshot;
import io.datamover.transfer.sender.SnapshotSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The csi backend: snapshot N of volume V (the PersistentVolume V, whose {@code spec.claimRef} names its claim) is
 * read from a mover pod. For each changed set it creates, in the claim's namespace, a Secret with a random token, a
 * block-mode claim restored from the VolumeSnapshot {@code <V>.<N>} and a block-mover pod serving it read-only
 * ({@link MoverObjects}); waits (a watch) until the pod is Ready with an IP, at most
 * {@code datamover.transfer.mover.ready-timeout}; and reads the chunks from the pod with the token. Closing deletes
 * the three; at start, whatever an earlier run left is deleted by its labels.
 */
public final class MoverPods implements SnapshotSource {

    private static final Logger LOG = Logger.getLogger(MoverPods.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KubernetesClient client;
    private final String site;
    private final TransferConfig.Mover mover;
    private volatile boolean leftoversRemoved;

    public MoverPods(KubernetesClient client, String site, TransferConfig.Mover mover) {
        this.client = client;
        this.site = site;
        this.mover = mover;
    }

    @Override
    public OpenSnapshot open(ChangedSet set) {
        if (!leftoversRemoved) {
            removeLeftovers();
        }
        MoverObjects objects = objects(set);
        String token = token();
        try {
            removeFormer(objects);
            api(objects, "create Secret", () -> client.resource(objects.secret(token)).create());
            api(objects, "create PersistentVolumeClaim", () -> client.resource(objects.claim()).create());
            api(objects, "create Pod", () -> client.resource(objects.pod(mover)).create());
            LOG.infof("%s: reading it through mover pod %s/%s (claim restored from VolumeSnapshot %s)",
                    objects.describe(), objects.namespace(), objects.name(),
                    MoverNames.volumeSnapshot(objects.volumeId(), objects.snapshot()));
            String ip = awaitReady(objects);
            BlockStoreClient reader = BlockStoreClient.of("http://" + ip + ":" + mover.port()).withBearerToken(token);
            return new MoverPod(objects, reader);
        } catch (RuntimeException e) {
            delete(objects);
            throw e;
        }
    }

    /**
     * Deletes every pod, claim and Secret labelled as this site's transfer-service's. When the API fails, it says so
     * and is tried again before the next set is read (sets are read one at a time, so none is in use then).
     */
    @Override
    public void removeLeftovers() {
        try {
            for (Class<? extends HasMetadata> type : List.of(Pod.class, PersistentVolumeClaim.class,
                    Secret.class)) {
                List<? extends HasMetadata> left = client.resources(type).inAnyNamespace()
                        .withLabels(MoverNames.selector(site)).list().getItems();
                for (HasMetadata object : left) {
                    LOG.infof("deleting %s %s/%s, left by an earlier run of site %s's transfer-service",
                            object.getKind(), object.getMetadata().getNamespace(), object.getMetadata().getName(),
                            site);
                    client.resource(object).delete();
                }
            }
            leftoversRemoved = true;
        } catch (KubernetesClientException e) {
            LOG.warnf("cannot look for the mover objects an earlier run of site %s's transfer-service left (tried"
                    + " again before the next changed set): %s", site, e.getMessage());
        }
    }

    private MoverObjects objects(ChangedSet set) {
        PersistentVolume volume = api(set, "read PersistentVolume " + set.volumeId(),
                () -> client.persistentVolumes().withName(set.volumeId()).get());
        if (volume == null) {
            throw refused(set, "there is no PersistentVolume " + set.volumeId());
        }
        ObjectReference claimRef = volume.getSpec() == null ? null : volume.getSpec().getClaimRef();
        if (claimRef == null || claimRef.getNamespace() == null || claimRef.getName() == null) {
            throw refused(set, "PersistentVolume " + set.volumeId() + " is bound to no claim");
        }
        Quantity capacity = volume.getSpec().getCapacity() == null ? null : volume.getSpec().getCapacity().get("storage");
        if (capacity == null) {
            throw refused(set, "PersistentVolume " + set.volumeId() + " states no spec.capacity.storage");
        }
        PersistentVolumeClaim claim = api(set, "read PersistentVolumeClaim " + claimRef.getNamespace() + "/"
                + claimRef.getName(), () -> client.persistentVolumeClaims().inNamespace(claimRef.getNamespace())
                        .withName(claimRef.getName()).get());
        String storageClass = claim == null || claim.getSpec() == null ? null : claim.getSpec().getStorageClassName();
        return new MoverObjects(site, set.volumeId(), set.snapshot(), claimRef.getNamespace(), storageClass,
                Quantity.getAmountInBytes(capacity).longValueExact());
    }

    /** Waits for the pod to be Ready with an IP; a failed pod, or none in time, fails the set naming why. */
    private String awaitReady(MoverObjects objects) {
        Pod pod;
        try {
            pod = client.pods().inNamespace(objects.namespace()).withName(objects.name())
                    .waitUntilCondition(p -> p == null || MoverPodStatus.of(p).settled(),
                            mover.readyTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (KubernetesClientTimeoutException e) {
            throw failed(objects, notReadyInTime(objects), e);
        } catch (KubernetesClientException e) {
            throw apiFailure(objects, "wait for Pod", e);
        }
        if (pod == null) {
            throw failed(objects, "mover pod " + where(objects) + " was deleted before it became Ready", null);
        }
        MoverPodStatus status = MoverPodStatus.of(pod);
        if (status.failed()) {
            throw failed(objects, "mover pod " + where(objects) + " failed: " + status.why(), null);
        }
        return status.ip();
    }

    private String notReadyInTime(MoverObjects objects) {
        Duration timeout = mover.readyTimeout();
        String limit = timeout.toMillis() + " ms (datamover.transfer.mover.ready-timeout)";
        PersistentVolumeClaim claim = api(objects, "read PersistentVolumeClaim", () -> client
                .persistentVolumeClaims().inNamespace(objects.namespace()).withName(objects.name()).get());
        String phase = claim == null || claim.getStatus() == null ? null : claim.getStatus().getPhase();
        if (!"Bound".equals(phase)) {
            return "PersistentVolumeClaim " + where(objects) + " restored from VolumeSnapshot "
                    + MoverNames.volumeSnapshot(objects.volumeId(), objects.snapshot()) + " was not bound within "
                    + limit + " (" + (phase == null ? "no phase yet" : "phase " + phase) + "), so mover pod "
                    + where(objects) + " timed out";
        }
        return "mover pod " + where(objects) + " timed out: not Ready with a pod IP within " + limit;
    }

    /** Deletes the objects of an earlier attempt of the same snapshot, whose token is not this attempt's. */
    private void removeFormer(MoverObjects objects) {
        api(objects, "delete former objects", () -> {
            for (Class<? extends HasMetadata> type : List.of(Pod.class, PersistentVolumeClaim.class,
                    Secret.class)) {
                var resource = client.resources(type).inNamespace(objects.namespace()).withName(objects.name());
                if (resource.get() != null) {
                    LOG.infof("%s: deleting %s %s left by an earlier attempt", objects.describe(),
                            type.getSimpleName(), where(objects));
                    resource.delete();
                    resource.waitUntilCondition(Objects::isNull, mover.readyTimeout().toMillis(),
                            TimeUnit.MILLISECONDS);
                }
            }
            return null;
        });
    }

    /** Deletes the pod, claim and Secret; a failure leaves them to the next start, and says so. */
    private void delete(MoverObjects objects) {
        try {
            client.pods().inNamespace(objects.namespace()).withName(objects.name()).delete();
            client.persistentVolumeClaims().inNamespace(objects.namespace()).withName(objects.name()).delete();
            client.secrets().inNamespace(objects.namespace()).withName(objects.name()).delete();
            LOG.infof("%s: deleted mover pod, claim and Secret %s", objects.describe(), where(objects));
        } catch (KubernetesClientException e) {
            LOG.warnf("%s: cannot delete mover pod, claim or Secret %s (the next start deletes them): %s",
                    objects.describe(), where(objects), e.getMessage());
        }
    }

    private static String where(MoverObjects objects) {
        return objects.namespace() + "/" + objects.name();
    }

    private static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private <T> T api(MoverObjects objects, String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            throw apiFailure(objects, what + " " + where(objects), e);
        }
    }

    private <T> T api(ChangedSet set, String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            throw new TransferException(Reason.STORE_FAILED, null, "cannot read " + describe(set) + ": the"
                    + " Kubernetes API failed to " + what + ": " + e.getMessage(), e);
        }
    }

    private TransferException refused(ChangedSet set, String why) {
        return new TransferException(Reason.SOURCE_READ_FAILED, null, "cannot read " + describe(set) + ": " + why);
    }

    private TransferException apiFailure(MoverObjects objects, String what, KubernetesClientException e) {
        return new TransferException(Reason.STORE_FAILED, null, "cannot read " + objects.describe() + ": the"
                + " Kubernetes API failed to " + what + ": " + e.getMessage(), e);
    }

    private static TransferException failed(MoverObjects objects, String why, Throwable cause) {
        return new TransferException(Reason.SOURCE_READ_FAILED, null, "cannot read " + objects.describe() + ": "
                + why, cause);
    }

    private String describe(ChangedSet set) {
        return "snapshot " + set.snapshot() + " of volume " + set.volumeId() + " at site " + site;
    }

    /** The mover pod of one set, deleted with its claim and Secret when closed. */
    private final class MoverPod implements OpenSnapshot {

        private final MoverObjects objects;
        private final BlockStoreClient reader;

        MoverPod(MoverObjects objects, BlockStoreClient reader) {
            this.objects = objects;
            this.reader = reader;
        }

        @Override
        public BlockStoreClient reader() {
            return reader;
        }

        /** The pod's device is not a file of this host: chunks are read. */
        @Override
        public boolean locatable() {
            return false;
        }

        /**
         * Nothing to hold: the restored claim is bound before the pod is Ready, and reads as the snapshot whatever
         * becomes of the VolumeSnapshot.
         */
        @Override
        public Hold hold(String target) {
            return () -> { };
        }

        @Override
        public void close() {
            delete(objects);
        }
    }
}
