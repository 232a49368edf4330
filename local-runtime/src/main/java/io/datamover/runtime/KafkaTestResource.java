package io.datamover.runtime;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points a Quarkus test at the shared in-process broker (Kafka clients and Kafka Streams). */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String bootstrapServers = SharedKafka.bootstrapServers();
        return Map.of(
                "kafka.bootstrap.servers", bootstrapServers,
                "quarkus.kafka-streams.bootstrap-servers", bootstrapServers);
    }

    @Override
    public void stop() {
        // the broker is shared by every test of the JVM and stops with it
    }
}
