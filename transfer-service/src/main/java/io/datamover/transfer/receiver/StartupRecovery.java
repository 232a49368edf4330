package io.datamover.transfer.receiver;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** On start, finishes the applies a stop may have interrupted, before any new delta is received. */
@ApplicationScoped
public class StartupRecovery {

    void recover(@Observes StartupEvent startup, TargetTransfers transfers) {
        transfers.recoverCommitted();
    }
}
