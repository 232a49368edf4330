package io.datamover.snapshot.support;

import io.datamover.events.EventJson;
import io.datamover.events.SnapshotTaken;
import io.datamover.events.Topics;
import io.datamover.runtime.TopicReader;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.awaitility.Awaitility;

/** The {@code snapshot-taken} events of some volumes on the shared broker, from the beginning of the topic. */
public final class SnapshotEvents implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final TopicReader reader;

    private SnapshotEvents(Set<String> volumeIds) {
        this.reader = TopicReader.fromBeginning(Topics.SNAPSHOT_TAKEN, record -> volumeIds.contains(record.key()));
    }

    public static SnapshotEvents of(String... volumeIds) {
        return new SnapshotEvents(Set.of(volumeIds));
    }

    /** Every event read so far, in the order of the topic (per volume). */
    public List<SnapshotTaken> taken() {
        return reader.poll().stream()
                .map(record -> EventJson.read(record.value(), SnapshotTaken.class))
                .toList();
    }

    /** Waits until at least {@code count} events were read; returns them all. */
    public List<SnapshotTaken> await(int count) {
        return Awaitility.await().atMost(WAIT).until(this::taken, events -> events.size() >= count);
    }

    @Override
    public void close() {
        reader.close();
    }
}
