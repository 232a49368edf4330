package io.datamover.placement.topology;

import io.datamover.events.CloudEvents;
import io.datamover.events.Event;
import io.datamover.events.PlacementDecision;
import io.datamover.events.ReplicaApplied;
import io.datamover.events.ReplicaState;
import io.datamover.events.SiteHeartbeat;
import io.datamover.events.SiteMetrics;
import io.datamover.events.SnapshotTaken;
import io.datamover.events.SwitchoverRequested;
import io.datamover.events.VolumeFrozen;
import io.datamover.placement.domain.Decision;
import io.datamover.placement.domain.DecisionRetention;
import io.datamover.placement.domain.Failovers;
import io.datamover.placement.domain.GroupView;
import io.datamover.placement.domain.OperatorRequests;
import io.datamover.placement.domain.Resyncs;
import io.datamover.placement.domain.ShortageTriggers;
import io.datamover.placement.domain.SitePolicy;
import io.datamover.placement.domain.SiteReading;
import io.datamover.placement.domain.SiteRecord;
import io.datamover.placement.domain.SiteRules;
import io.datamover.placement.domain.Switchovers;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * The coordinator: keeps every site's metrics and heartbeats, every volume's replica state and its own decisions;
 * after each site event, and on a wall-clock schedule (so that hold times and deadlines end without a new event), it
 * applies the rules and publishes each new step of a decision. A new replica state (one per chunk shipped, while a
 * transfer runs) is only kept: the next evaluation sees it, and the barrier's own events advance a switchover at
 * once. It runs as the single task of the coordinator's
 * one-partition repartition topic, so it sees everything; its stores are changelogged under exactly-once, so a
 * restarted coordinator goes on from the step each decision had reached: waiting for the barrier's events that it
 * has not seen yet, or aborting when the deadline passed meanwhile, once it has caught up with its inputs.
 */
final class Coordinate implements Processor<String, Signal, String, PlacementDecision> {

    private static final Logger LOG = Logger.getLogger(Coordinate.class);
    /** The ended decisions of each group kept for {@code GET /decisions}, besides the one where the group stands. */
    static final int ENDED_KEPT = 10;

    private final String self;
    private final SitePolicy policy;
    private final Duration evaluateInterval;
    private final String source;
    private ProcessorContext<String, PlacementDecision> context;
    private KeyValueStore<String, SiteRecord> sites;
    private KeyValueStore<String, ReplicaState> volumes;
    private KeyValueStore<String, Decision> decisions;
    /** Time of the newest input seen since this instance started; it is behind while that is old. */
    private Instant newestInput;
    /** Since when the newest input has been current, null while it is not. */
    private Instant caughtUpSince;

    Coordinate(String self, SitePolicy policy, Duration evaluateInterval) {
        this.self = self;
        this.policy = policy;
        this.evaluateInterval = evaluateInterval;
        this.source = CloudEvents.source(self, ReplicaStateTopology.SERVICE);
    }

    /** The volume events a switchover waits for: final snapshots, applies, and freezes or thaws for a decision. */
    static boolean isBarrierEvent(Event event) {
        return event instanceof ReplicaApplied
                || event instanceof SnapshotTaken taken && taken.decisionId() != null
                || event instanceof VolumeFrozen frozen && frozen.decisionId() != null;
    }

    @Override
    public void init(ProcessorContext<String, PlacementDecision> context) {
        this.context = context;
        this.sites = context.getStateStore(CoordinatorTopology.SITE_STORE);
        this.volumes = context.getStateStore(CoordinatorTopology.VOLUME_STORE);
        this.decisions = context.getStateStore(CoordinatorTopology.DECISION_STORE);
        context.schedule(evaluateInterval, PunctuationType.WALL_CLOCK_TIME, time -> {
            evaluate(Instant.ofEpochMilli(time));
            forgetEnded();
        });
    }

    @Override
    public void process(Record<String, Signal> record) {
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        Instant input = Instant.ofEpochMilli(record.timestamp());
        newestInput = newestInput == null || input.isAfter(newestInput) ? input : newestInput;
        Event event = record.value().event();
        if (event instanceof SiteMetrics metrics) {
            SiteRecord site = known(metrics.site());
            sites.put(site.site(), SiteRules.withReading(site, SiteReading.of(metrics), policy));
            evaluate(now);
        } else if (event instanceof SiteHeartbeat heartbeat && policy.isKnown(heartbeat.site())) {
            SiteRecord site = known(heartbeat.site());
            sites.put(site.site(), SiteRules.withHeartbeat(site, heartbeat.timestamp(), now));
            evaluate(now);
        } else if (event instanceof ReplicaState state) {
            volumes.put(state.volumeId(), state);
        } else if (event instanceof SwitchoverRequested request) {
            OperatorRequests.decide(self, request, groups(), all(sites), openByGroup(), policy, now)
                    .ifPresent(decision -> publish(List.of(decision), now));
            advanceOpen(decision -> start(decision, now), now);
        } else if (isBarrierEvent(event)) {
            advanceOpen(decision -> Switchovers.onEvent(decision, event, now)
                    .or(() -> event instanceof VolumeFrozen thawed
                            ? Failovers.onThaw(decision, thawed, now).or(() -> Resyncs.onThaw(decision, thawed, now))
                            : Optional.empty()), now);
        }
    }

    /**
     * Applies the rules that depend on time and on what is known of the sites: only once the instance has caught up
     * with its inputs. A switchover just triggered starts at once.
     */
    private void evaluate(Instant now) {
        Map<String, SiteRecord> siteRecords = all(sites);
        if (isCaughtUp(now)) {
            List<Decision> decided = ShortageTriggers.evaluate(self, siteRecords, groups(), latestByGroup(), policy,
                    now);
            publish(decided, now);
            if (decided.stream().anyMatch(d -> !d.step().equals(Decision.CANCELLED))) {
                sites.put(self, SiteRules.triggered(known(self)));
            }
            publish(Failovers.evaluate(self, siteRecords, all(volumes), latestByGroup(), policy, now), now);
            publish(Resyncs.evaluate(self, siteRecords, latestByGroup(), policy, now), now);
            advanceOpen(decision -> Switchovers.onTime(decision, siteRecords, policy, now), now);
        }
        advanceOpen(decision -> start(decision, now), now);
        Map<String, ReplicaState> states = all(volumes);
        advanceOpen(decision -> Resyncs.onStates(decision, states, now), now);
    }

    /** A triggered decision starts at once: a switchover freezes its source, a failover promotes its target. */
    private static Optional<Switchovers.Change> start(Decision decision, Instant now) {
        return Switchovers.start(decision, now).or(() -> Failovers.start(decision, now)
                .map(promote -> new Switchovers.Change(promote, List.of(promote))));
    }

    /**
     * Whether this instance has read its inputs up to about now, and long enough to trust what it knows of every
     * site. The services' heartbeats keep the inputs coming, so an instance whose newest input is older than the
     * heartbeat timeout is still reading its backlog (after a restart, say). The backlogs of different input
     * partitions drain at different speeds, so one site's heartbeats can be current while another's are still
     * queued: the instance must have been caught up for a heartbeat timeout before it judges a shortage, a deadline
     * or a lost target, lest the readings that ended the shortage, the events that met the barrier in time, or the
     * target's heartbeats are still on their way.
     */
    private boolean isCaughtUp(Instant now) {
        boolean current = newestInput != null
                && Duration.between(newestInput, now).compareTo(policy.heartbeatTimeout()) <= 0;
        if (!current) {
            caughtUpSince = null;
            return false;
        }
        caughtUpSince = caughtUpSince == null ? now : caughtUpSince;
        return Duration.between(caughtUpSince, now).compareTo(policy.heartbeatTimeout()) >= 0;
    }

    private void advanceOpen(Function<Decision, Optional<Switchovers.Change>> rule, Instant now) {
        for (Decision open : all(decisions).values()) {
            if (!open.isOpen()) {
                continue;
            }
            rule.apply(open).ifPresent(change -> {
                publish(change.steps(), now);
                decisions.put(change.decision().decisionId(), change.decision());
            });
        }
    }

    /** Forgets the ended decisions of each group beyond the latest {@value #ENDED_KEPT} (and where it stands). */
    private void forgetEnded() {
        for (String decisionId : DecisionRetention.expired(all(decisions).values(), latestByGroup(), ENDED_KEPT)) {
            decisions.delete(decisionId);
        }
    }

    private void publish(List<Decision> steps, Instant now) {
        for (Decision decision : steps) {
            decisions.put(decision.decisionId(), decision);
            PlacementDecision event = decision.event();
            LOG.infof("%s %s of group %s %s: from %s to %s: %s", decision.type().code(), decision.decisionId(),
                    decision.groupId(), decision.step(), decision.fromSite(), decision.site(), decision.cause());
            context.forward(new Record<>(decision.groupId(), event, now.toEpochMilli(),
                    CloudEvents.headers(event, source)));
        }
    }

    private List<GroupView> groups() {
        return GroupView.of(all(volumes).values());
    }

    /**
     * The decision that says where each group stands: the one under way, else the one whose latest step is the
     * latest. A rejected request changed nothing and does not count.
     */
    private Map<String, Decision> latestByGroup() {
        Map<String, Decision> latest = new HashMap<>();
        all(decisions).values().stream().filter(d -> !d.step().equals(Decision.REJECTED))
                .forEach(d -> latest.merge(d.groupId(), d, Coordinate::standing));
        return latest;
    }

    private static Decision standing(Decision a, Decision b) {
        if (a.isOpen() != b.isOpen()) {
            return a.isOpen() ? a : b;
        }
        return a.stepAt().isAfter(b.stepAt()) ? a : b;
    }

    private Map<String, Decision> openByGroup() {
        Map<String, Decision> open = new HashMap<>();
        all(decisions).values().stream().filter(Decision::isOpen).forEach(d -> open.put(d.groupId(), d));
        return open;
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
