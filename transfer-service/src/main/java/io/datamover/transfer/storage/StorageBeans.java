package io.datamover.transfer.storage;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.transfer.config.TransferConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The site's block store and this service's staging area, as beans. */
@ApplicationScoped
public class StorageBeans {

    @Produces
    @Singleton
    BlockStoreClient blockStore(TransferConfig config) {
        return BlockStoreClient.of(config.storeUrl());
    }

    @Produces
    @Singleton
    StagingArea stagingArea(TransferConfig config) {
        return new StagingArea(config.dataDir());
    }
}
