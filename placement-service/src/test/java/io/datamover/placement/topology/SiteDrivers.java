package io.datamover.placement.topology;

import io.datamover.placement.domain.Decision;
import io.datamover.placement.domain.SiteRecord;
import java.util.ArrayList;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import static io.datamover.placement.VolumeEvents.T0;
import static io.datamover.placement.VolumeEvents.at;

import io.datamover.events.Event;
import io.datamover.events.EventJson;
import io.datamover.events.EventSerde;
import io.datamover.events.EventType;
import io.datamover.events.PlacementDecision;
import io.datamover.events.SiteHeartbeat;
import io.datamover.events.SiteMetrics;
import io.datamover.events.Topics;
import io.datamover.events.Versions;
import io.datamover.placement.VolumeEvents;
import io.datamover.placement.domain.SiteLimits;
import io.datamover.placement.domain.SitePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The placement topologies of several sites under one hand-moved wall clock, fed the same events. Sites must keep
 * 10 kW of power and cooling headroom, recover by 5 kW more, and a shortage must last 30 s; metrics older than 20 s
 * are stale, a site silent for 15 s is lost (a primary silent for 30 s fails over), and a switchover must reach its
 * barrier within 60 s.
 */
final class SiteDrivers implements AutoCloseable {

    static final String STOCKHOLM = "stockholm";
    static final String FALKENBERG = "falkenberg";
    static final String LULEA = "lulea";
    static final double HEALTHY = 40;
    static final double SHORT = 2;
    /** Above the minimum headroom of 10 kW, but by less than the hysteresis of 5 kW. */
    static final double IN_BAND = 12;
    static final SitePolicy POLICY = new SitePolicy(
            Map.of(STOCKHOLM, limits(), FALKENBERG, limits(), LULEA, limits()),
            Duration.ofSeconds(30), Duration.ofSeconds(20), Duration.ofSeconds(15), Duration.ofSeconds(30),
            Map.of("webshop", 10, "analytics", 1), Duration.ofSeconds(60), Duration.ofSeconds(30));

    private final Map<String, TopologyTestDriver> bySite = new LinkedHashMap<>();
    private long clockSeconds;

    private static SiteLimits limits() {
        return new SiteLimits(10, 10, 5);
    }

    void start(String site) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "placement-" + site);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        bySite.put(site, new TopologyTestDriver(PlacementTopology.build(new StreamsBuilder(), site, POLICY,
                Duration.ofSeconds(1)), config, T0.plusSeconds(clockSeconds)));
    }

    long clockSeconds() {
        return clockSeconds;
    }

    /** Snapshot 1 of each volume taken at {@code primary} for the group and applied at {@code target}. */
    void replicate(String primary, String group, String target, VolumeEvents... volumes) {
        replicate(primary, group, null, target, volumes);
    }

    /** The same, the snapshots announcing the group's {@code priority} (null: none). */
    void replicate(String primary, String group, Integer priority, String target, VolumeEvents... volumes) {
        for (VolumeEvents volume : volumes) {
            sendToAll(volume.groupSnapshotTaken(group, primary, 1, at(clockSeconds), target)
                    .withGroupPriority(priority));
            sendToAll(volume.replicaApplied(target, primary, 1, at(clockSeconds), at(clockSeconds)));
        }
    }

    /** At {@code second}: a heartbeat of every site, and the cooling headroom of each site (NaN: none reported). */
    void report(long second, double stockholm, double falkenberg, double lulea) {
        moveClockTo(second);
        double[] headroom = {stockholm, falkenberg, lulea};
        String[] sites = {STOCKHOLM, FALKENBERG, LULEA};
        for (int i = 0; i < sites.length; i++) {
            if (!Double.isNaN(headroom[i])) {
                heartbeat(sites[i]);
                metrics(sites[i], headroom[i]);
            }
        }
    }

    void moveClockTo(long second) {
        if (second > clockSeconds) {
            for (TopologyTestDriver driver : bySite.values()) {
                driver.advanceWallClockTime(Duration.ofSeconds(second - clockSeconds));
            }
            clockSeconds = second;
        }
    }

    void metrics(String site, double coolingHeadroomKw) {
        sendToAll(metricsEvent(site, at(clockSeconds), 100 - coolingHeadroomKw));
    }

    /** Power: 200 kW available, 100 kW drawn; cooling: 100 kW capacity and {@code heatLoadKw}. */
    static SiteMetrics metricsEvent(String site, Instant at, double heatLoadKw) {
        return new SiteMetrics(Versions.CURRENT, UUID.randomUUID().toString(), at, site, 200, 100, 100, heatLoadKw);
    }

    void heartbeat(String site) {
        sendToAll(new SiteHeartbeat(Versions.CURRENT, UUID.randomUUID().toString(), at(clockSeconds), site,
                "transfer-service"));
    }

    void sendToAll(Event event) {
        bySite.keySet().forEach(site -> send(site, event));
    }

    void send(String site, Event event) {
        pipe(site, EventType.of(event.getClass()).topic(), event.key(), EventJson.write(event));
    }

    void pipe(String site, String topic, String key, byte[] value) {
        bySite.get(site).createInputTopic(topic, new StringSerializer(), new ByteArraySerializer())
                .pipeInput(key, value, at(clockSeconds));
    }

    /** The decision steps published by {@code site}'s placement since the last call. */
    List<PlacementDecision> decisions(String site) {
        return bySite.get(site).createOutputTopic(CoordinatorTopology.OUTPUT_TOPIC, new StringDeserializer(),
                EventSerde.of(PlacementDecision.class)).readValuesToList();
    }

    /** The ids of the decisions {@code site}'s coordinator keeps in its store. */
    List<String> storedDecisions(String site) {
        List<String> ids = new ArrayList<>();
        KeyValueStore<String, Decision> store = bySite.get(site).getKeyValueStore(CoordinatorTopology.DECISION_STORE);
        try (KeyValueIterator<String, Decision> all = store.all()) {
            all.forEachRemaining(entry -> ids.add(entry.key));
        }
        return ids;
    }

    /** When the last heartbeat of {@code of} that {@code site}'s coordinator took was sent; null if none. */
    Instant lastHeartbeat(String site, String of) {
        KeyValueStore<String, SiteRecord> store = bySite.get(site).getKeyValueStore(CoordinatorTopology.SITE_STORE);
        SiteRecord record = store.get(of);
        return record == null ? null : record.lastHeartbeatAt();
    }

    List<TestRecord<String, byte[]>> deadLetters(String site) {
        return bySite.get(site).createOutputTopic(Topics.DEAD_LETTER, new StringDeserializer(),
                new ByteArrayDeserializer()).readRecordsToList();
    }

    @Override
    public void close() {
        bySite.values().forEach(TopologyTestDriver::close);
    }
}
