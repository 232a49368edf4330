package io.datamover.runtime;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the broker's own INFO chatter out of test and service logs: its loggers log warnings and
 * errors only. Kafka's clients (producers, consumers, Streams) keep their levels.
 */
final class BrokerLogging {

    private static final List<String> BROKER_LOGGERS = List.of(
            "kafka", "state.change.logger",
            "org.apache.kafka.common.test", "org.apache.kafka.controller", "org.apache.kafka.coordinator",
            "org.apache.kafka.image", "org.apache.kafka.metadata", "org.apache.kafka.queue",
            "org.apache.kafka.raft", "org.apache.kafka.server", "org.apache.kafka.storage",
            "org.apache.kafka.snapshot", "org.apache.kafka.security", "org.apache.kafka.network");

    /** Held so that the levels are not lost when the logging framework drops unreferenced loggers. */
    private static final List<Logger> QUIETED = BROKER_LOGGERS.stream().map(Logger::getLogger).toList();

    private BrokerLogging() {
    }

    static void quiet() {
        QUIETED.forEach(logger -> logger.setLevel(Level.WARNING));
    }
}
