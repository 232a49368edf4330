package io.datamover.launcher.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SiteConfigTest {

    private final SiteConfig stockholm = new SiteConfig("stockholm", Path.of("sites/stockholm"), "127.0.0.1:9092",
            Map.of(), sites());

    @Test
    void shouldFailOverWithinSecondsButTakeASiteForLostOnlyAfterSeveralMissedHeartbeats() {
        Map<String, String> placement = stockholm.properties("placement-service");
        Duration interval = Duration.parse("PT" + placement.get("datamover.heartbeat-interval"));
        Duration heartbeatTimeout = Duration.parse("PT" + placement.get("datamover.placement.heartbeat-timeout"));
        Duration failoverTimeout = Duration.parse("PT" + placement.get("datamover.placement.failover-timeout"));

        assertThat(heartbeatTimeout).isGreaterThanOrEqualTo(interval.multipliedBy(3))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(5));
        assertThat(failoverTimeout).isGreaterThanOrEqualTo(heartbeatTimeout)
                .isLessThanOrEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void shouldGiveTheHeartbeatIntervalToEveryServiceButTheBlockStore() {
        for (String module : List.of("snapshot-service", "cbt-service", "transfer-service", "placement-service")) {
            assertThat(stockholm.properties(module)).containsEntry("datamover.heartbeat-interval",
                    SiteConfig.HEARTBEAT_INTERVAL);
        }
        assertThat(stockholm.properties("block-store")).doesNotContainKey("datamover.heartbeat-interval");
        assertThat(stockholm.properties("snapshot-service")).containsEntry("datamover.snapshot.takeover-interval",
                "5s");
    }

    @Test
    void shouldHoldASwitchoverForTheTargetsCatchUpAtMostTenSeconds() {
        assertThat(stockholm.properties("snapshot-service"))
                .containsEntry("datamover.snapshot.catch-up-timeout", "10s");
        for (String module : List.of("cbt-service", "transfer-service", "placement-service", "block-store")) {
            assertThat(stockholm.properties(module)).doesNotContainKey("datamover.snapshot.catch-up-timeout");
        }
    }

    private static Map<String, SiteEndpoints> sites() {
        Map<String, SiteEndpoints> sites = new LinkedHashMap<>();
        for (String site : List.of("stockholm", "falkenberg")) {
            URI url = URI.create("http://127.0.0.1:1");
            sites.put(site, new SiteEndpoints(site, url, url, url, url, url));
        }
        return sites;
    }
}
