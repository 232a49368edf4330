package io.datamover.snapshot.storage;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.BulkHttp;
import io.datamover.snapshot.config.SnapshotConfig;
import io.datamover.snapshot.kubernetes.ClaimWorkloads;
import io.datamover.snapshot.kubernetes.CsiStorage;
import io.datamover.snapshot.kubernetes.VolumeSnapshotObjects;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The storage backend {@code datamover.storage} asks for (its keys checked by
 * {@link io.datamover.snapshot.config.StorageCheck} at start). The Kubernetes client is only created with the csi
 * backend, so the embedded default needs no cluster.
 */
public class StorageProducer {

    @Produces
    @Singleton
    SnapshotStorage storage(SnapshotConfig config, Instance<KubernetesClient> kubernetes) {
        if (config.storage() == SnapshotConfig.Storage.EMBEDDED) {
            HttpClient http = BulkHttp.builder().connectTimeout(Duration.ofSeconds(5)).build();
            String storeUrl = config.storeUrl().orElseThrow(() -> new IllegalArgumentException("invalid"
                    + " configuration: datamover.store-url is required with datamover.storage=embedded"));
            return new EmbeddedStorage(new BlockStoreClient(URI.create(storeUrl), http, config.storeTimeout()),
                    config.site());
        }
        SnapshotConfig.Csi csi = config.csi();
        return new CsiStorage(new VolumeSnapshotObjects(kubernetes.get()), new ClaimWorkloads(kubernetes.get()),
                config.site(), csi.volumeSnapshotClass(), csi.readyTimeout(), csi.workloadTimeout(), csi.blockSize());
    }
}
