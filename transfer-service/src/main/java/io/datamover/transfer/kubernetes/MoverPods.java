package io.datamover.transfer.kubernetes;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.transfer.config.TransferConfig;
import io.datamover.transfer.domain.ChangedSet;
import io.datamover.transfer.domain.MoverNames;
import io.datamover.transfer.domain.TransferException;
import io.datamover.transfer.domain.TransferException.Reason;
import io.datamover.transfer.sender.OpenSnapshot;
import io.datamover.transfer.sender.SnapshotSource;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The csi backend: snapshot N of volume V (the PersistentVolume V, whose {@code spec.claimRef} names its claim) is
 * read from a mover pod. For each changed set it creates, in the claim's namespace, a Secret with a random token, a
 * block-mode claim restored from the VolumeSnapshot {@code <V>.<N>} and a block-mover pod serving it read-only
 * ({@link MoverObjects}, started by {@link MoverLauncher}), and reads the chunks from the pod with the token. Closing
 * deletes the three; at start, whatever an earlier run left is deleted by its labels, the pods and Secrets of the
 * replicas' movers too.
 */
public final class MoverPods implements SnapshotSource {

    private static final Logger LOG = Logger.getLogger(MoverPods.class);

    private final KubernetesClient client;
    private final String site;
    private final MoverLauncher launcher;
    private volatile boolean leftoversRemoved;

    public MoverPods(KubernetesClient client, String site, TransferConfig.Mover mover) {
        this.client = client;
        this.site = site;
        this.launcher = new MoverLauncher(client, mover);
    }

    @Override
    public OpenSnapshot open(ChangedSet set) {
        if (!leftoversRemoved) {
            removeLeftovers();
        }
        MoverObjects objects = objects(set);
        LOG.infof("%s: reading it through mover pod %s (claim restored from VolumeSnapshot %s)",
                objects.describe(), MoverLauncher.where(objects),
                MoverNames.volumeSnapshot(objects.volumeId(), objects.snapshot()));
        return new MoverPod(objects, launcher.start(objects));
    }

    /**
     * Deletes every pod, claim and Secret labelled as this site's transfer-service's. When the API fails, it says so
     * and is tried again before the next set is read (sets are read one at a time, so none is in use then).
     */
    @Override
    public void removeLeftovers() {
        try {
            launcher.removeLeftovers(site);
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
        return MoverObjects.reading(site, set.volumeId(), set.snapshot(), claimRef.getNamespace(), storageClass,
                Quantity.getAmountInBytes(capacity).longValueExact());
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
            launcher.delete(objects);
        }
    }
}
