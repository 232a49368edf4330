package io.datamover.placement.rest;

import io.datamover.events.CloudEvents;
import io.datamover.events.EventPublisher;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Publishes events as sites' facility systems and services do: once, or every 500 ms until closed. */
final class SiteReports implements AutoCloseable {

    private final EventPublisher publisher;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    SiteReports(String bootstrapServers, String site, String service) {
        this.publisher = new EventPublisher(bootstrapServers, CloudEvents.source(site, service));
    }

    EventPublisher publisher() {
        return publisher;
    }

    /** Runs {@code report} now and every 500 ms. */
    void repeat(Runnable report) {
        timer.scheduleAtFixedRate(report, 0, 500, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            publisher.close();
        }
    }
}
