package io.datamover.transfer.receiver;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Frees, every 10 s, what the replica store holds for deltas whose sources went quiet (csi: their mover pods). */
@ApplicationScoped
public class IdleRelease {

    private final ReplicaStore replicas;

    public IdleRelease(ReplicaStore replicas) {
        this.replicas = replicas;
    }

    @Scheduled(every = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void release() {
        replicas.releaseIdle();
    }
}
