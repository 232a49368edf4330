package io.datamover.transfer.it;

import io.datamover.runtime.Ports;
import io.datamover.runtime.ServiceProcess;
import io.datamover.runtime.SharedKafka;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Two sites as real processes around the transfer-service under test, which is site stockholm: a
 * block store for stockholm, and for falkenberg a block store and a transfer-service (this module's
 * packaged jar). Logs and data live under {@code target/sites-*}. With the init arg
 * {@code link=cuttable}, stockholm reaches falkenberg's transfer-service through a {@link CuttableLink}.
 */
public class TwoSites implements QuarkusTestResourceLifecycleManager {

    /** Data bytes per chunk at stockholm: small, so that a few MiB make several chunks. */
    public static final long CHUNK_BYTES = 256 * 1024;
    /** Init arg overriding {@link #CHUNK_BYTES}. */
    public static final String CHUNK_BYTES_ARG = "chunk-bytes";
    /** Init arg naming how stockholm reaches falkenberg's transfer-service: directly unless {@link #CUTTABLE}. */
    public static final String LINK_ARG = "link";
    public static final String CUTTABLE = "cuttable";
    /** Enough attempts, backing off up to 2 s, to outlast a restart of falkenberg's transfer-service. */
    public static final int MAX_ATTEMPTS = 10;
    public static final int STREAMS = 4;
    public static final String HEARTBEAT_INTERVAL = "1s";
    /** A target site whose peer address answers nothing. */
    public static final String UNREACHABLE_SITE = "visby";

    /** Marks the test field that receives the falkenberg transfer-service process, to stop and start it. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface FalkenbergTransfer {
    }

    /** Marks the test field that receives the link from stockholm to falkenberg's transfer-service, to cut it. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface FalkenbergLink {
    }

    private final SiteProcesses processes = new SiteProcesses();
    /** Logs and data of the sites; the data is deleted when they stop. */
    private Path dir;
    private ServiceProcess falkenbergTransfer;
    private CuttableLink falkenbergLink;
    private long chunkBytes = CHUNK_BYTES;
    private boolean cuttable;

    @Override
    public void init(Map<String, String> initArgs) {
        if (initArgs.containsKey(CHUNK_BYTES_ARG)) {
            chunkBytes = Long.parseLong(initArgs.get(CHUNK_BYTES_ARG));
        }
        cuttable = CUTTABLE.equals(initArgs.get(LINK_ARG));
    }

    @Override
    public Map<String, String> start() {
        String kafka = SharedKafka.bootstrapServers();
        dir = SiteProcesses.directory("sites");
        ServiceProcess stockholmStore = processes.startStore(dir, "stockholm");
        ServiceProcess falkenbergStore = processes.startStore(dir, "falkenberg");
        Path falkenbergData = dir.resolve("falkenberg/transfer-service");
        Path falkenbergLog = dir.resolve("falkenberg-transfer-service.log");
        int falkenbergPort = Ports.free();
        int falkenbergDataPort = Ports.free();
        if (cuttable) {
            falkenbergLink = CuttableLink.to(falkenbergPort, falkenbergDataPort);
        }
        falkenbergTransfer = processes.start(ServiceProcess.builder("transfer-service")
                .port(falkenbergPort)
                // a fixed port, so that a restarted service keeps it; reached through the link where there is one
                .property("datamover.transfer.data-plane.port", Integer.toString(falkenbergDataPort))
                .property("datamover.transfer.data-plane.advertised-port",
                        Integer.toString(cuttable ? falkenbergLink.port(1) : falkenbergDataPort))
                .property("datamover.site", "falkenberg")
                .property("datamover.store-url", falkenbergStore.url())
                .property("datamover.data-dir", falkenbergData.toString())
                .property("kafka.bootstrap.servers", kafka)
                .property("datamover.heartbeat-interval", HEARTBEAT_INTERVAL)
                // one line per chunk PUT received, which the tests count
                .property("quarkus.log.category.\"io.datamover.transfer.receiver.TargetTransfers\".level", "DEBUG")
                .logFile(falkenbergLog));
        String falkenbergPeer = cuttable ? falkenbergLink.url() : falkenbergTransfer.url();
        Map<String, String> config = new LinkedHashMap<>();
        config.put("datamover.site", "stockholm");
        config.put("datamover.store-url", stockholmStore.url());
        config.put("datamover.data-dir", dir.resolve("stockholm/transfer-service").toString());
        config.put("datamover.transfer.peers.falkenberg", falkenbergPeer);
        config.put("datamover.transfer.peers." + UNREACHABLE_SITE, "http://127.0.0.1:" + Ports.free());
        config.put("datamover.heartbeat-interval", HEARTBEAT_INTERVAL);
        config.put("datamover.transfer.chunk-bytes", Long.toString(chunkBytes));
        config.put("datamover.transfer.streams", Integer.toString(STREAMS));
        config.put("datamover.transfer.max-attempts", Integer.toString(MAX_ATTEMPTS));
        config.put("datamover.transfer.initial-backoff", "100ms");
        config.put("datamover.transfer.max-backoff", "2s");
        config.put("test.stockholm.store-data-dir", dir.resolve("stockholm/block-store").toString());
        config.put("test.falkenberg.store-url", falkenbergStore.url());
        config.put("test.falkenberg.store-data-dir", dir.resolve("falkenberg/block-store").toString());
        config.put("test.falkenberg.data-dir", falkenbergData.toString());
        config.put("test.falkenberg.transfer-log", falkenbergLog.toString());
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(falkenbergTransfer,
                new TestInjector.AnnotatedAndMatchesType(FalkenbergTransfer.class, ServiceProcess.class));
        if (falkenbergLink != null) {
            injector.injectIntoFields(falkenbergLink,
                    new TestInjector.AnnotatedAndMatchesType(FalkenbergLink.class, CuttableLink.class));
        }
    }

    @Override
    public void stop() {
        if (falkenbergLink != null) {
            falkenbergLink.close();
        }
        if (dir != null) {
            processes.stopAllAndDeleteData(dir);
        }
    }
}
