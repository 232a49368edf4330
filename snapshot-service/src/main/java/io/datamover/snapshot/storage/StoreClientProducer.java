package io.datamover.snapshot.storage;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.BulkHttp;
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
        HttpClient http = BulkHttp.builder().connectTimeout(Duration.ofSeconds(5)).build();
        return new BlockStoreClient(URI.create(config.storeUrl()), http, config.storeTimeout());
    }
}
