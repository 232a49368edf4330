package io.datamover.events;

/**
 * Headers of a record on {@link Topics#DEAD_LETTER}: the original key and value are kept as they
 * came, and these headers say where the record came from and why it was rejected. The names are
 * those SmallRye Reactive Messaging writes, so that every service's dead letters read the same.
 */
public final class DeadLetters {

    public static final String REASON = "dead-letter-reason";
    public static final String CAUSE = "dead-letter-cause";
    public static final String TOPIC = "dead-letter-topic";
    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";

    private DeadLetters() {
    }
}
