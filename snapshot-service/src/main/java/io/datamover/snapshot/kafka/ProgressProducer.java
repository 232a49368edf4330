package io.datamover.snapshot.kafka;

import io.datamover.snapshot.config.SnapshotConfig;
import io.datamover.snapshot.domain.CatchUp;
import io.datamover.snapshot.domain.ReplicationProgress;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The replication progress rebuilt from {@code replica-applied}, and how far that rebuild got. */
public class ProgressProducer {

    @Produces
    @Singleton
    ReplicationProgress progress(SnapshotConfig config) {
        return new ReplicationProgress(config.site());
    }

    @Produces
    @Singleton
    CatchUp catchUp() {
        return new CatchUp();
    }
}
