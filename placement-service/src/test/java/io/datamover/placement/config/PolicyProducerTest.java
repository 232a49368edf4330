package io.datamover.placement.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyProducerTest {

    @Test
    void shouldPassOnOneHeartbeatOfASitePerQuarterOfTheTimeout() {
        PlacementConfig config = config("5s", "15s");

        assertThat(PolicyProducer.of(config).heartbeatGate()).isEqualTo(Duration.ofMillis(3750));
    }

    @Test
    void shouldRefuseATimeoutThatAGatedSiteCouldExceedWhileAlive() {
        assertThatThrownBy(() -> PolicyProducer.of(config("5s", "6s")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("heartbeat-timeout must exceed 4/3 of datamover.heartbeat-interval (PT5S),"
                        + " was PT6S");
        assertThat(PolicyProducer.of(config("3s", "4100ms")).heartbeatTimeout()).isEqualTo(Duration.ofMillis(4100));
    }

    private static PlacementConfig config(String interval, String timeout) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withConverter(Duration.class, 100, new DurationConverter())
                .withMapping(PlacementConfig.class)
                .withSources(new PropertiesConfigSource(Map.of("datamover.site", "stockholm",
                        "datamover.heartbeat-interval", interval, "datamover.placement.heartbeat-timeout", timeout),
                        "test", 100))
                .build();
        return config.getConfigMapping(PlacementConfig.class);
    }
}
