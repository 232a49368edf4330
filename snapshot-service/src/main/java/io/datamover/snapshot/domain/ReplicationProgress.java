package io.datamover.snapshot.domain;

import io.datamover.events.ReplicaApplied;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The last snapshot applied at each target site, per volume replicated from this site. */
public final class ReplicationProgress {

    private final String site;
    private final ConcurrentMap<String, Map<String, Long>> appliedByVolume = new ConcurrentHashMap<>();

    public ReplicationProgress(String site) {
        this.site = site;
    }

    /**
     * Records that a replica caught up; events of replicas of other sites are ignored. Replays and
     * late duplicates never move a target back.
     *
     * @return whether the event concerned this site
     */
    public boolean record(ReplicaApplied event) {
        if (!site.equals(event.sourceSite())) {
            return false;
        }
        holds(event.volumeId(), event.site(), event.snapshot());
        return true;
    }

    /**
     * Records that {@code targetSite} holds {@code snapshot} of the volume, learnt otherwise than from a replica
     * that caught up: a switchover made this site the primary at the snapshot its old primary steps down at.
     */
    public void holds(String volumeId, String targetSite, long snapshot) {
        appliedByVolume.compute(volumeId, (volume, applied) -> {
            Map<String, Long> next = applied == null ? new HashMap<>() : new HashMap<>(applied);
            next.merge(targetSite, snapshot, Math::max);
            return Map.copyOf(next);
        });
    }

    /** The last snapshot applied at each target of the volume; targets that hold nothing are absent. */
    public Map<String, Long> applied(String volumeId) {
        return appliedByVolume.getOrDefault(volumeId, Map.of());
    }
}
