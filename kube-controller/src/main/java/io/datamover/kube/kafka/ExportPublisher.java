package io.datamover.kube.kafka;

import io.datamover.events.ApplicationExported;
import io.datamover.events.EventPublisher;
import io.datamover.events.Topics;
import io.datamover.kube.domain.ApplicationExports;
import io.datamover.kube.kubernetes.DaemonThreads;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Publishes an application's exports on {@code datamover.application-exported}, each only when its content changed
 * since this controller last published it (after a start, every export once), and withdraws an export no longer
 * wanted with a tombstone (once). Sending happens on a thread of its own, in the order handed on, so that a Kafka that
 * does not answer never holds up the reconciler; a failed send is kept as the reason of the export's key, and the
 * next pass sends it again.
 */
public class ExportPublisher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ExportPublisher.class);
    /** In {@link #sent}: the key's tombstone was published last, or is being sent now. */
    private static final String TOMBSTONE = "tombstone";

    private final EventPublisher publisher;
    private final Runnable onFailure;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(
            DaemonThreads.named("kube-controller-exports"));
    /** By key, the content hash published last, or being sent now; {@link #TOMBSTONE} once withdrawn. */
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
        sender.execute(() -> send(export.key(), hash, () -> publisher.publish(export)));
        return true;
    }

    /**
     * Hands a tombstone of the key to the sending thread, unless one was sent since its last export.
     *
     * @return whether it was handed on
     */
    public boolean withdraw(String key) {
        if (TOMBSTONE.equals(sent.put(key, TOMBSTONE))) {
            return false;
        }
        sender.execute(() -> send(key, TOMBSTONE, () -> publisher.publishTombstone(Topics.APPLICATION_EXPORTED,
                key)));
        return true;
    }

    /** The keys this controller published an export of since it started, and has not withdrawn since. */
    public Set<String> published() {
        return sent.entrySet().stream().filter(e -> !TOMBSTONE.equals(e.getValue())).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    /** Why the last send of the key failed, if it did and none succeeded since. */
    public Optional<String> failure(String key) {
        return Optional.ofNullable(failures.get(key));
    }

    private void send(String key, String content, Runnable sending) {
        try {
            sending.run();
            failures.remove(key);
        } catch (IllegalStateException e) {
            String what = TOMBSTONE.equals(content) ? "the tombstone of export " : "export ";
            LOG.warnf("%s%s was not published: %s; sending it again on the next pass", what, key, e.getMessage());
            sent.remove(key, content);
            failures.put(key, e.getMessage());
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
