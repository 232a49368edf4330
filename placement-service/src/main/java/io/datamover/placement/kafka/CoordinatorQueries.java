package io.datamover.placement.kafka;

import io.datamover.placement.domain.Decision;
import io.datamover.placement.domain.SitePolicy;
import io.datamover.placement.domain.SiteRecord;
import io.datamover.placement.domain.SiteStatus;
import io.datamover.placement.topology.CoordinatorTopology;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Reads the coordinator's sites and decisions from the topology's local stores. */
@ApplicationScoped
public class CoordinatorQueries {

    private final KafkaStreams streams;
    private final SitePolicy policy;
    private final Clock clock = Clock.systemUTC();

    CoordinatorQueries(KafkaStreams streams, SitePolicy policy) {
        this.streams = streams;
        this.policy = policy;
    }

    /** Every known site, whether or not it has reported yet, by id. */
    public List<SiteStatus> sites() {
        Instant now = clock.instant();
        return LocalStores.<SiteRecord, List<SiteStatus>>query(streams, CoordinatorTopology.SITE_STORE,
                store -> policy.knownSites().stream().map(site -> status(store, site, now)).toList());
    }

    public Optional<SiteStatus> site(String site) {
        if (!policy.isKnown(site)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return Optional.of(LocalStores.<SiteRecord, SiteStatus>query(streams, CoordinatorTopology.SITE_STORE,
                store -> status(store, site, now)));
    }

    /** This instance's decisions, the latest step of each, newest first. */
    public List<Decision> decisions() {
        return LocalStores.<Decision, List<Decision>>query(streams, CoordinatorTopology.DECISION_STORE,
                store -> LocalStores.values(store).stream()
                        .sorted(Comparator.comparing(Decision::stepAt).reversed()).toList());
    }

    private SiteStatus status(ReadOnlyKeyValueStore<String, SiteRecord> store, String site, Instant now) {
        SiteRecord record = store.get(site);
        return SiteStatus.of(record != null ? record : SiteRecord.unknown(site), policy, now);
    }
}
