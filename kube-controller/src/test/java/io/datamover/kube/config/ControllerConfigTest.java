package io.datamover.kube.config;

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

class ControllerConfigTest {

    @Test
    void shouldServeTheDatamoverNamespaceAndResyncEveryThirtySecondsByDefault() {
        ControllerConfig config = config(Map.of());

        assertThat(config.namespace()).isEqualTo("datamover");
        assertThat(config.resyncInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.snapshotTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.snapshotUrl()).isEqualTo("http://snapshot-service:8080");
        assertThat(config.replicaNamespace()).as("claims restore from their own namespace").isEmpty();
    }

    @Test
    void shouldReadTheReplicaNamespace() {
        assertThat(config(Map.of("datamover.replica-namespace", "replicas")).replicaNamespace()).contains("replicas");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "datamover.site,             Stockholm",
        "datamover.snapshot-url,     ftp://snapshot-service",
        "datamover.namespace,        ../etc",
        "datamover.resync-interval,  0s",
        "datamover.snapshot-timeout, -1s",
        "datamover.replica-namespace, Replicas_1"})
    void shouldRefuseABadValueNamingItsKey(String key, String value) {
        assertThatThrownBy(() -> config(Map.of(key, value))).hasMessageContaining(key);
    }

    @Test
    void shouldRefuseAnUnknownKey() {
        assertThatThrownBy(() -> config(Map.of("datamover.resync", "5s"))).hasMessageContaining("datamover.resync");
    }

    @Test
    void shouldReadKafkasBootstrapServersAndRefuseAListThatIsNoneNamingTheKey() {
        assertThat(kafka("kafka-0:9092, kafka-1:9092").bootstrapServers()).isEqualTo("kafka-0:9092, kafka-1:9092");
        assertThatThrownBy(() -> kafka("kafka")).hasMessageContaining("kafka.bootstrap.servers");
    }

    private static KafkaConfig kafka(String bootstrapServers) {
        return new SmallRyeConfigBuilder()
                .withMapping(KafkaConfig.class)
                .withSources(new PropertiesConfigSource(Map.of("kafka.bootstrap.servers", bootstrapServers), "test",
                        100))
                .build().getConfigMapping(KafkaConfig.class);
    }

    private static ControllerConfig config(Map<String, String> values) {
        Map<String, String> properties = new HashMap<>(Map.of("datamover.site", "stockholm",
                "datamover.snapshot-url", "http://snapshot-service:8080"));
        properties.putAll(values);
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withConverter(Duration.class, 100, new DurationConverter())
                .withMapping(ControllerConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
        return config.getConfigMapping(ControllerConfig.class);
    }
}
