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

    @Test
    void shouldUseTheEmbeddedStoreByDefaultAndRequireItsUrl() {
        assertThat(config(Map.of()).storage()).isEqualTo(SnapshotConfig.Storage.EMBEDDED);
        StorageCheck.check(config(Map.of()));

        SnapshotConfig withoutUrl = config(Map.of(), Map.of("datamover.site", "stockholm"));
        assertThatThrownBy(() -> StorageCheck.check(withoutUrl)).hasMessageContaining("datamover.store-url");
    }

    @Test
    void shouldReadTheCsiKeysWithoutAStoreUrl() {
        SnapshotConfig csi = config(Map.of(), Map.of("datamover.site", "stockholm", "datamover.storage", "csi",
                "datamover.csi.volume-snapshot-class", "csi-rbd.snapclass", "datamover.csi.ready-timeout", "30s"));

        StorageCheck.check(csi);
        assertThat(csi.storage()).isEqualTo(SnapshotConfig.Storage.CSI);
        assertThat(csi.csi().volumeSnapshotClass()).contains("csi-rbd.snapclass");
        assertThat(csi.csi().readyTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(csi.csi().blockSize()).isEqualTo(65536);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "datamover.csi.ready-timeout,          500ms",
        "datamover.csi.volume-snapshot-class, Fast_SSD"})
    void shouldRefuseACsiValueThatCannotWorkAtStartNamingItsKey(String key, String value) {
        SnapshotConfig csi = config(Map.of(key, value), Map.of("datamover.site", "stockholm", "datamover.storage",
                "csi"));

        assertThatThrownBy(() -> StorageCheck.check(csi)).hasMessageContaining(key);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "datamover.storage,        ceph",
        "datamover.csi.block-size, 0"})
    void shouldRefuseAnUnknownBackendOrBlockSizeNamingItsKey(String key, String value) {
        assertThatThrownBy(() -> config(Map.of(key, value))).hasMessageContaining(key);
    }

    /** The service's mapping, with durations read as Quarkus reads them. */
    private static SnapshotConfig config(Map<String, String> values) {
        return config(values, Map.of("datamover.site", "stockholm", "datamover.store-url", "http://127.0.0.1:8080"));
    }

    private static SnapshotConfig config(Map<String, String> values, Map<String, String> base) {
        Map<String, String> properties = new HashMap<>(base);
        properties.putAll(values);
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withConverter(Duration.class, 100, new DurationConverter())
                .withMapping(SnapshotConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
        return config.getConfigMapping(SnapshotConfig.class);
    }
}
