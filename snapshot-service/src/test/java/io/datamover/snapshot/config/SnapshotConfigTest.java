package io.datamover.snapshot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SnapshotConfigTest {

    @Test
    void shouldTakeOverEveryThirtySecondsKeepingFiveSnapshotsByDefault() {
        SnapshotConfig.Snapshot snapshot = config(Map.of()).snapshot();

        assertThat(snapshot.takeoverInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(snapshot.takeoverRetain()).isEqualTo(5);
        assertThat(snapshot.decisionAttempts()).isEqualTo(5);
        assertThat(snapshot.decisionRetryBackoff()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void shouldReadTheTakeoverKeys() {
        SnapshotConfig.Snapshot snapshot = config(Map.of("datamover.snapshot.takeover-interval", "2m",
                "datamover.snapshot.takeover-retain", "3")).snapshot();

        assertThat(snapshot.takeoverInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(snapshot.takeoverRetain()).isEqualTo(3);
    }

    @Test
    void shouldRunRemoteHooksOnlyThroughAConfiguredControllerWithTenSecondsOfGrace() {
        assertThat(config(Map.of()).snapshot().hookUrl()).isEmpty();
        SnapshotConfig.Snapshot snapshot = config(Map.of("datamover.snapshot.hook-url", "http://kube-controller:8080"))
                .snapshot();

        assertThat(snapshot.hookUrl()).contains("http://kube-controller:8080");
        assertThat(snapshot.hookGrace()).isEqualTo(Duration.ofSeconds(10));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "datamover.snapshot.takeover-interval,      500ms",
        "datamover.snapshot.takeover-interval,      1500ms",
        "datamover.snapshot.takeover-interval,      0s",
        "datamover.snapshot.takeover-interval,      soon",
        "datamover.snapshot.takeover-retain,        0",
        "datamover.snapshot.decision-attempts,      0",
        "datamover.snapshot.decision-retry-backoff, -1s",
        "datamover.snapshot.hook-url,               kube-controller:8080",
        "datamover.snapshot.hook-grace,             -1s"})
    void shouldRefuseABadValueNamingItsKey(String key, String value) {
        assertThatThrownBy(() -> config(Map.of(key, value))).hasMessageContaining(key);
    }

    /** The service's mapping, with durations read as Quarkus reads them. */
    private static SnapshotConfig config(Map<String, String> values) {
        Map<String, String> properties = new HashMap<>(Map.of("datamover.site", "stockholm",
                "datamover.store-url", "http://127.0.0.1:8080"));
        properties.putAll(values);
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withConverter(Duration.class, 100, new DurationConverter())
                .withMapping(SnapshotConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
        return config.getConfigMapping(SnapshotConfig.class);
    }
}
