package io.datamover.kube.kafka;

import io.datamover.events.ApplicationExported;
import io.datamover.events.EventPublisher;
import io.datamover.kube.domain.ApplicationExports;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Publishes an application's exports on {@code datamover.application-exported}, each only when its content changed
 * since this controller last published it (after a start, every export once). Sending happens on a thread of its
 * own, so that a Kafka that does not answer never holds up the reconciler; a failed send is kept as the reason of the
 * export's key, and the next pass sends it again.
 */
public class ExportPublisher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ExportPublisher.class);

    private final EventPublisher publisher;
    private final Runnable onFailure;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "kube-controller-exports");
        thread.setDaemon(true);
        return thread;
    });
    /** By key, the content hash published last, or being sent now. */
    private final Map<String, String> sent = new ConcurrentHashMap<>();
    private final Map<String, String> failures = new ConcurrentHashMap<>();

    /**
     * @param onFailure called after a send failed, so that the export's status shows it
     */
    public ExportPublisher(EventPublisher publisher, Runnable onFailure) {
        this.publisher = publisher;
        this.onFailure = onFailure;
    }

    /**
     * Hands the export to the sending thread if it differs from the last one of its group and target.
     *
     * @return whether it was handed on
     */
    public boolean publishIfChanged(ApplicationExported export) {
        String hash = ApplicationExports.contentHash(export);
        if (hash.equals(sent.put(export.key(), hash))) {
            return false;
        }
        sender.execute(() -> send(export, hash));
        return true;
    }

    /** Why the last send of the key failed, if it did and none succeeded since. */
    public Optional<String> failure(String key) {
        return Optional.ofNullable(failures.get(key));
    }

    private void send(ApplicationExported export, String hash) {
        try {
            publisher.publish(export);
            failures.remove(export.key());
        } catch (IllegalStateException e) {
            LOG.warnf("group %s: the export for %s was not published: %s; sending it again on the next pass",
                    export.groupId(), export.targetSite(), e.getMessage());
            sent.remove(export.key(), hash);
            failures.put(export.key(), e.getMessage());
            onFailure.run();
        }
    }

    @Override
    public void close() {
        sender.shutdownNow();
        try {
            sender.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        publisher.close();
    }
}
