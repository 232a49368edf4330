package io.datamover.kube.kafka;

import io.datamover.events.ApplicationExported;
import io.datamover.events.EventPublisher;
import io.datamover.kube.domain.ApplicationExports;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes an application's exports on {@code datamover.application-exported}, each only when its content changed
 * since this controller last published it: after a start, every export once.
 */
public class ExportPublisher implements AutoCloseable {

    private final EventPublisher publisher;
    private final Map<String, String> published = new ConcurrentHashMap<>();

    public ExportPublisher(EventPublisher publisher) {
        this.publisher = publisher;
    }

    /**
     * Publishes the export if it differs from the last one of its group and target.
     *
     * @return whether it was published
     * @throws IllegalStateException when the broker did not take it
     */
    public boolean publishIfChanged(ApplicationExported export) {
        String hash = ApplicationExports.contentHash(export);
        if (hash.equals(published.get(export.key()))) {
            return false;
        }
        publisher.publish(export);
        published.put(export.key(), hash);
        return true;
    }

    @Override
    public void close() {
        publisher.close();
    }
}
