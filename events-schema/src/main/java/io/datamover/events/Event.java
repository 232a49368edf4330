package io.datamover.events;

import java.time.Instant;

/**
 * An event of the data mover contract. Every event carries the schema version it was written
 * with, a unique id and the time it happened; {@link #key()} is the Kafka record key, so that all
 * events of one volume (or of one site, for site events) stay ordered on one partition.
 */
public interface Event {

    /** Version of the contract this event was written with; later versions only add optional fields. */
    int schemaVersion();

    String eventId();

    Instant timestamp();

    /** The Kafka record key: the volume id, or the site id for site events. */
    String key();

    /** The site the event speaks for (the emitting site, or the site it reports on). */
    String site();
}
