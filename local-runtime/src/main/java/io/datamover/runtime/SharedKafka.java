package io.datamover.runtime;

/**
 * One broker per JVM, started on first use and closed when the JVM exits. Quarkus tests load
 * classes in several class loaders, so the bootstrap address is also kept in a system property:
 * a second copy of this class finds the broker the first one started.
 */
public final class SharedKafka {

    /** Outside the {@code datamover.} namespace, which the services' config mappings check for unknown keys. */
    static final String PROPERTY = "io.datamover.runtime.shared-kafka";

    private SharedKafka() {
    }

    /** The bootstrap servers of the shared broker, starting it if this JVM has none yet. */
    public static String bootstrapServers() {
        synchronized (System.getProperties()) {
            String running = System.getProperty(PROPERTY);
            if (running != null) {
                return running;
            }
            EmbeddedKafka kafka = EmbeddedKafka.start();
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "shared-kafka-shutdown"));
            System.setProperty(PROPERTY, kafka.bootstrapServers());
            return kafka.bootstrapServers();
        }
    }
}
