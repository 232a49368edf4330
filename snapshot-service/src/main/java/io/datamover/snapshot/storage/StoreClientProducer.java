package io.datamover.snapshot.storage;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.snapshot.config.SnapshotConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

/** The client of this site's block store. */
public class StoreClientProducer {

    @Produces
    @Singleton
    BlockStoreClient blockStore(SnapshotConfig config) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        return new BlockStoreClient(URI.create(config.storeUrl()), http, config.storeTimeout());
    }
}
