package io.datamover.transfer.it;

import io.datamover.runtime.Ports;
import io.datamover.runtime.ServiceProcess;
import io.datamover.runtime.SharedKafka;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Site stockholm, the transfer-service under test, ships from its real block store (a process) to site falkenberg,
 * whose transfer-service (a process, so that a test can kill it) keeps its replicas with the csi backend: its
 * Kubernetes API is the Fabric8 mock API server in CRUD mode, where a test's {@link KubeletStandIn} and
 * {@link ReplicaDevices} play the kubelet, the provisioner and the snapshot controller with real files. Falkenberg has
 * no block store (its store URL answers nothing).
 */
public class CsiReplicaSites implements QuarkusTestResourceLifecycleManager {

    public static final String NAMESPACE = "replicas";
    public static final String STORAGE_CLASS = "replica-block";
    public static final String SNAPSHOT_CLASS = "replica-snapshots";
    public static final long CHUNK_BYTES = 256 * 1024;
    public static final int STREAMS = 4;

    private final SiteProcesses processes = new SiteProcesses();
    private MockApiServer api;
    private KubernetesClient client;
    private ServiceProcess falkenbergTransfer;
    private Path dir;

    @Override
    public Map<String, String> start() {
        api = MockApiServer.start();
        client = api.client();
        dir = SiteProcesses.directory("csi-replica-sites");
        ServiceProcess stockholmStore = processes.startStore(dir, "stockholm");
        Path falkenbergData = SiteProcesses.transferData(dir, "falkenberg");
        int moverPort = Ports.free();
        String falkenbergStoreUrl = "http://127.0.0.1:" + Ports.free();
        falkenbergTransfer = processes.start(ServiceProcess.builder("transfer-service")
                // fixed ports, so that a restarted service keeps them
                .port(Ports.free())
                .property("datamover.transfer.data-plane.port", Integer.toString(Ports.free()))
                .property("datamover.site", "falkenberg")
                .property("datamover.storage", "csi")
                .property("datamover.store-url", falkenbergStoreUrl)
                .property("datamover.data-dir", falkenbergData.toString())
                .property("kafka.bootstrap.servers", SharedKafka.bootstrapServers())
                .property("datamover.heartbeat-interval", "1s")
                .property("datamover.transfer.replica.namespace", NAMESPACE)
                .property("datamover.transfer.replica.storage-class", STORAGE_CLASS)
                .property("datamover.transfer.replica.snapshot-class", SNAPSHOT_CLASS)
                .property("datamover.transfer.replica.snapshot-timeout", "60s")
                // a delta whose requests stop for this long loses its mover pod (a test waits for that)
                .property("datamover.transfer.replica.idle-timeout", "5s")
                .property("datamover.transfer.mover.port", Integer.toString(moverPort))
                // the stand-in starts a block-mover JVM when the pod appears
                .property("datamover.transfer.mover.ready-timeout", "90s")
                .property("quarkus.kubernetes-client.api-server-url", api.url())
                .property("quarkus.kubernetes-client.trust-certs", "true")
                .property("quarkus.kubernetes-client.namespace", "datamover")
                .logFile(SiteProcesses.transferLog(dir, "falkenberg")));
        Map<String, String> config = new LinkedHashMap<>();
        config.put("datamover.site", "stockholm");
        config.put("datamover.store-url", stockholmStore.url());
        config.put("datamover.data-dir", dir.resolve("stockholm/transfer-service").toString());
        config.put("datamover.transfer.peers.falkenberg", falkenbergTransfer.url());
        config.put("datamover.transfer.chunk-bytes", Long.toString(CHUNK_BYTES));
        config.put("datamover.transfer.streams", Integer.toString(STREAMS));
        // enough attempts, backing off up to 2 s, to outlast a restart of falkenberg's transfer-service and its mover
        config.put("datamover.transfer.max-attempts", "30");
        config.put("datamover.transfer.initial-backoff", "100ms");
        config.put("datamover.transfer.max-backoff", "2s");
        config.put("test.stockholm.store-data-dir", dir.resolve("stockholm/block-store").toString());
        config.put("test.falkenberg.data-dir", falkenbergData.toString());
        config.put("test.falkenberg.transfer-log", SiteProcesses.transferLog(dir, "falkenberg").toString());
        // the module's other tests inject them; falkenberg has no store here
        config.put("test.falkenberg.store-url", falkenbergStoreUrl);
        config.put("test.falkenberg.store-data-dir", dir.resolve("falkenberg/block-store").toString());
        config.put("test.csi.logs", dir.toString());
        // stockholm ships from its block store and runs no mover: the key tells the tests falkenberg's mover port
        config.put("datamover.transfer.mover.port", Integer.toString(moverPort));
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(client, new TestInjector.MatchesType(KubernetesClient.class));
        injector.injectIntoFields(falkenbergTransfer,
                new TestInjector.AnnotatedAndMatchesType(TwoSites.FalkenbergTransfer.class, ServiceProcess.class));
    }

    @Override
    public void stop() {
        if (dir != null) {
            processes.stopAllAndDeleteData(dir);
        }
        if (api != null) {
            api.close();
        }
    }
}
