package io.datamover.launcher.cluster;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The configuration each process of one site is started with. */
record SiteConfig(String site, Path dataDir, String bootstrapServers, Map<String, Integer> ports,
        Map<String, SiteEndpoints> sites) {

    /** Every service but the block store tells placement it is alive this often (the services' default is 5 s). */
    static final String HEARTBEAT_INTERVAL = "2s";
    /** How often a site snapshots a group it took over without a definition of its own (the default is 30 s). */
    static final String TAKEOVER_INTERVAL = "5s";
    /**
     * How long a switchover's source waits for the target to apply its catch-up snapshot before it freezes anyway (the
     * default is 30 s): the demo's deltas apply within a second or two, and a target that cannot apply one at all
     * (its transfer-service down) should not hold the switchover for half a minute.
     */
    static final String CATCH_UP_TIMEOUT = "10s";

    int port(String module) {
        return ports.get(module);
    }

    /** The keys each service knows: a Quarkus service refuses to start on an unknown {@code datamover.*} key. */
    Map<String, String> properties(String module) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("datamover.site", site);
        if (!module.equals("cbt-service")) {
            p.put("datamover.data-dir", dataDir.resolve(module).toString());
        }
        if (!module.equals("block-store")) {
            p.put("kafka.bootstrap.servers", bootstrapServers);
            p.put("datamover.heartbeat-interval", HEARTBEAT_INTERVAL);
        }
        if (List.of("snapshot-service", "cbt-service", "transfer-service").contains(module)) {
            p.put("datamover.store-url", sites.get(site).store().toString());
        }
        if (module.equals("snapshot-service")) {
            p.put("datamover.snapshot.takeover-interval", TAKEOVER_INTERVAL);
            p.put("datamover.snapshot.catch-up-timeout", CATCH_UP_TIMEOUT);
        }
        if (module.equals("transfer-service")) {
            sites.values().stream()
                    .filter(other -> !other.site().equals(site))
                    .forEach(other -> p.put("datamover.transfer.peers." + other.site(), other.transfer().toString()));
        }
        if (module.equals("placement-service")) {
            p.putAll(placementPolicy());
        }
        return p;
    }

    /**
     * Every site keeps 10 kW of power and of cooling headroom and recovers by 5 kW more; a shortage moves volume
     * groups after 10 s, short enough for the demo and for {@code ./datamover metrics} by hand. A site whose services
     * all fell silent is lost after 8 s (four heartbeat intervals: eleven JVMs on two cores delay some heartbeats by a
     * second or two, and a target taken for lost would abort a switchover) and its groups fail over after 10 s.
     */
    private Map<String, String> placementPolicy() {
        Map<String, String> p = new LinkedHashMap<>();
        for (String known : sites.keySet()) {
            String prefix = "datamover.placement.sites." + known + ".";
            p.put(prefix + "min-power-headroom-kw", "10");
            p.put(prefix + "min-cooling-headroom-kw", "10");
            p.put(prefix + "hysteresis-kw", "5");
        }
        p.put("datamover.placement.hold-time", "10s");
        p.put("datamover.placement.heartbeat-timeout", "8s");
        p.put("datamover.placement.failover-timeout", "10s");
        return p;
    }
}
