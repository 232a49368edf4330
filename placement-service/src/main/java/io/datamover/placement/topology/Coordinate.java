package io.datamover.placement.topology;

import io.datamover.events.CloudEvents;
import io.datamover.events.Event;
import io.datamover.events.PlacementDecision;
import io.datamover.events.ReplicaState;
import io.datamover.events.SiteHeartbeat;
import io.datamover.events.SiteMetrics;
import io.datamover.placement.domain.Decision;
import io.datamover.placement.domain.GroupView;
import io.datamover.placement.domain.ShortageTriggers;
import io.datamover.placement.domain.SitePolicy;
import io.datamover.placement.domain.SiteReading;
import io.datamover.placement.domain.SiteRecord;
import io.datamover.placement.domain.SiteRules;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * The coordinator: keeps every site's metrics and heartbeats and every volume's replica state, and after each event
 * and on a wall-clock schedule (so that a hold time ends without a new event) evaluates the rules and publishes the
 * decisions they open or advance. It runs as the single task of the coordinator's one-partition repartition topic,
 * so it sees everything; its stores are changelogged under exactly-once, so a restarted coordinator goes on from the
 * decisions it had made.
 */
final class Coordinate implements Processor<String, Signal, String, PlacementDecision> {

    private static final Logger LOG = Logger.getLogger(Coordinate.class);

    private final String self;
    private final SitePolicy policy;
    private final Duration evaluateInterval;
    private final String source;
    private ProcessorContext<String, PlacementDecision> context;
    private KeyValueStore<String, SiteRecord> sites;
    private KeyValueStore<String, ReplicaState> volumes;
    private KeyValueStore<String, Decision> decisions;

    Coordinate(String self, SitePolicy policy, Duration evaluateInterval) {
        this.self = self;
        this.policy = policy;
        this.evaluateInterval = evaluateInterval;
        this.source = CloudEvents.source(self, ReplicaStateTopology.SERVICE);
    }

    @Override
    public void init(ProcessorContext<String, PlacementDecision> context) {
        this.context = context;
        this.sites = context.getStateStore(CoordinatorTopology.SITE_STORE);
        this.volumes = context.getStateStore(CoordinatorTopology.VOLUME_STORE);
        this.decisions = context.getStateStore(CoordinatorTopology.DECISION_STORE);
        context.schedule(evaluateInterval, PunctuationType.WALL_CLOCK_TIME, time -> evaluate(Instant.ofEpochMilli(time)));
    }

    @Override
    public void process(Record<String, Signal> record) {
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        Event event = record.value().event();
        if (event instanceof SiteMetrics metrics) {
            SiteRecord site = known(metrics.site());
            sites.put(site.site(), SiteRules.withReading(site, SiteReading.of(metrics), policy));
        } else if (event instanceof SiteHeartbeat heartbeat && policy.isKnown(heartbeat.site())) {
            SiteRecord site = known(heartbeat.site());
            sites.put(site.site(), SiteRules.withHeartbeat(site, heartbeat.timestamp(), now));
        } else if (event instanceof ReplicaState state) {
            volumes.put(state.volumeId(), state);
        }
        evaluate(now);
    }

    private void evaluate(Instant now) {
        Map<String, SiteRecord> siteRecords = all(sites);
        List<GroupView> groups = GroupView.of(all(volumes).values());
        Map<String, Decision> openByGroup = new HashMap<>();
        all(decisions).values().stream().filter(Decision::isOpen).forEach(d -> openByGroup.put(d.groupId(), d));
        List<Decision> decided = ShortageTriggers.evaluate(self, siteRecords, groups, openByGroup, policy, now);
        for (Decision decision : decided) {
            decisions.put(decision.decisionId(), decision);
            PlacementDecision event = decision.event();
            LOG.infof("%s %s of group %s %s: from %s to %s: %s", decision.type().code(), decision.decisionId(),
                    decision.groupId(), decision.step(), decision.fromSite(), decision.site(), decision.cause());
            context.forward(new Record<>(decision.groupId(), event, now.toEpochMilli(),
                    CloudEvents.headers(event, source)));
        }
        if (decided.stream().anyMatch(d -> !d.step().equals(Decision.CANCELLED))) {
            sites.put(self, SiteRules.triggered(known(self)));
        }
    }

    private SiteRecord known(String site) {
        SiteRecord stored = sites.get(site);
        return stored != null ? stored : SiteRecord.unknown(site);
    }

    private static <V> Map<String, V> all(KeyValueStore<String, V> store) {
        Map<String, V> all = new TreeMap<>();
        try (KeyValueIterator<String, V> entries = store.all()) {
            entries.forEachRemaining(entry -> all.put(entry.key, entry.value));
        }
        return all;
    }
}
