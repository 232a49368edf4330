package io.datamover.kube.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.datamover.kube.client.SnapshotServiceClient;
import io.datamover.events.CloudEvents;
import io.datamover.events.EventPublisher;
import io.datamover.kube.config.ControllerConfig;
import io.datamover.kube.config.KafkaConfig;
import io.datamover.kube.domain.KnownExports;
import io.datamover.kube.kafka.ExportPublisher;
import io.datamover.kube.kafka.MoveEvents;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Runs the reconciler on one thread: after any change the informers see (changes that come together are taken in
 * one pass), after each step of a move carried out here, and every {@code datamover.resync-interval}; at a csi
 * target each pass then deletes the copies of replicas' VolumeSnapshots whose restores are done
 * ({@link CopyCleaner}). The events of moves are followed on a thread of their own ({@link MoveEvents}).
 */
@ApplicationScoped
public class ControllerLoop {

    private static final Logger LOG = Logger.getLogger(ControllerLoop.class);
    private static final String SERVICE = "kube-controller";
    /** The decisions are read in one consumer group per site: {@code datamover-kube-controller-<site>}. */
    private static final String CONSUMER_GROUP_PREFIX = "datamover-kube-controller-";

    private final ControllerConfig config;
    private final Informers informers;
    private final Reconciler reconciler;
    private final ExportPublisher exports;
    private final MoveRecorder moveRecorder;
    private final MoveEvents moveEvents;
    /** Only at a csi target: elsewhere nothing is copied, and the controller may not read VolumeSnapshots. */
    private final Optional<CopyCleaner> copyCleaner;
    private final AtomicBoolean pending = new AtomicBoolean();
    private ScheduledExecutorService executor;

    /**
     * @param moveLog where the last step of each group's move is kept for {@code GET /moves}
     */
    public ControllerLoop(ControllerConfig config, KafkaConfig kafka, KubernetesClient client, Informers informers,
            StatusWriter statuses, ObjectMapper mapper, MoveLog moveLog) {
        this.config = config;
        this.informers = informers;
        Registrar registrar = new Registrar(new SnapshotServiceClient(config.snapshotUrl(), config.snapshotTimeout(),
                mapper), config.site());
        MoveConditions moveConditions = new MoveConditions();
        KnownExports knownExports = new KnownExports();
        this.exports = new ExportPublisher(new EventPublisher(kafka.bootstrapServers(),
                CloudEvents.source(config.site(), SERVICE)), this::wake);
        this.reconciler = new Reconciler(informers, config.site(),
                new Applications(client, registrar, new HookPods(client), statuses, moveConditions),
                new ApplicationExporter(config.site(), new ApplicationObjects(client), exports, knownExports,
                        moveConditions),
                new ClassProtections(client, registrar), statuses);
        this.moveRecorder = new MoveRecorder(client, config.site(), config.namespace());
        this.moveEvents = new MoveEvents(kafka.bootstrapServers(), CONSUMER_GROUP_PREFIX + config.site(),
                new Moves(config.site(), new MoveApplier(client, config.replicaNamespace()), knownExports,
                        moveConditions, moveLog, moveRecorder, this::wake), knownExports, this::wake);
        this.copyCleaner = config.replicaNamespace().map(replicas -> new CopyCleaner(client, replicas));
    }

    void start(@Observes StartupEvent event) {
        executor = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("kube-controller-reconciler"));
        informers.start(this::wake);
        moveEvents.start();
        long resync = config.resyncInterval().toMillis();
        executor.scheduleWithFixedDelay(this::wake, resync, resync, TimeUnit.MILLISECONDS);
        LOG.infof("controller of site %s serving namespace %s, snapshot-service at %s", config.site(),
                config.namespace(), config.snapshotUrl());
        wake();
    }

    void stop(@Observes ShutdownEvent event) {
        moveEvents.close();
        moveRecorder.close();
        exports.close();
        informers.stop();
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** Asks for a pass; one already waiting to run covers this change too. */
    private void wake() {
        if (pending.compareAndSet(false, true)) {
            executor.execute(this::pass);
        }
    }

    private void pass() {
        pending.set(false);
        try {
            reconciler.reconcile();
        } catch (RuntimeException e) {
            LOG.errorf(e, "reconciling at site %s failed; trying again on the next change or in %s", config.site(),
                    config.resyncInterval());
        }
        // Whatever the reconciler did: a claim turning Bound is a change the claims' informer wakes a pass for.
        try {
            copyCleaner.ifPresent(CopyCleaner::clean);
        } catch (RuntimeException e) {
            LOG.errorf(e, "deleting the copies of done restores at site %s failed; trying again on the next change or"
                    + " in %s", config.site(), config.resyncInterval());
        }
    }
}
