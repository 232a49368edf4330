package io.datamover.transfer.storage;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.transfer.config.TransferConfig;
import io.datamover.transfer.domain.SourceStorage;
import io.datamover.transfer.kubernetes.MoverPods;
import io.datamover.transfer.kubernetes.ReplicaClaims;
import io.datamover.transfer.receiver.ReplicaStore;
import io.datamover.transfer.sender.SnapshotSource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The site's block store, where its snapshots are read from and its replicas kept (or, for csi, the mover pods and
 * replica claims that stand in for it), and this service's staging area, as beans.
 */
@ApplicationScoped
public class StorageBeans {

    @Produces
    @Singleton
    BlockStoreClient blockStore(TransferConfig config) {
        return BlockStoreClient.of(config.storeUrl());
    }

    /** The block store, or for csi mover pods: the Kubernetes client is made only then. */
    @Produces
    @Singleton
    SnapshotSource snapshotSource(TransferConfig config, BlockStoreClient store, Instance<KubernetesClient> kube) {
        if (config.storage() == SourceStorage.CSI) {
            return new MoverPods(kube.get(), config.site(), config.transfer().mover());
        }
        return new StoreSnapshots(store);
    }

    /** The block store's replica volumes, or for csi replica claims written through mover pods. */
    @Produces
    @Singleton
    ReplicaStore replicaStore(TransferConfig config, BlockStoreClient store, Instance<KubernetesClient> kube) {
        if (config.storage() == SourceStorage.CSI) {
            return new ReplicaClaims(kube.get(), config.site(), config.transfer().replica(), config.transfer().mover(),
                    new ReplicaMarks(config.dataDir()));
        }
        return new StoreReplicas(store, config.site());
    }

    /** Before the first changed set is read, so that a crash leaves nothing behind for longer than a restart. */
    void removeLeftovers(@Observes StartupEvent startup, SnapshotSource source) {
        source.removeLeftovers();
    }

    @Produces
    @Singleton
    StagingArea stagingArea(TransferConfig config) {
        return new StagingArea(config.dataDir());
    }
}
