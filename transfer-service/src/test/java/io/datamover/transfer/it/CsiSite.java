package io.datamover.transfer.it;

import io.datamover.runtime.Ports;
import io.datamover.runtime.ServiceProcess;
import io.datamover.transfer.domain.MoverNames;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Site stockholm with the csi backend: its Kubernetes API is the Fabric8 mock API server in CRUD mode (where a test's
 * {@link KubeletStandIn} plays the kubelet), and it has no block store of its own (its store URL answers nothing: a
 * csi set is read from the mover pod only). Site falkenberg is a real block store and transfer-service, as processes.
 * Before stockholm's service starts, the API server holds the objects a crashed run left: a Secret, claim and pod of
 * {@link #LEFTOVER_VOLUME} labelled as stockholm's, and a pod labelled as site {@value #OTHER_SITE}'s.
 */
public class CsiSite implements QuarkusTestResourceLifecycleManager {

    public static final String NAMESPACE = "shop";
    public static final long CHUNK_BYTES = 256 * 1024;
    public static final String READY_TIMEOUT = "3s";
    public static final String MOVER_IMAGE = "datamover/block-mover:test";
    public static final String LEFTOVER_VOLUME = "pv-left-behind";
    public static final String OTHER_SITE = "visby";

    private final SiteProcesses processes = new SiteProcesses();
    private MockApiServer api;
    private KubernetesClient client;
    private Path dir;

    @Override
    public Map<String, String> start() {
        api = MockApiServer.start();
        client = api.client();
        leaveBehind();
        dir = SiteProcesses.directory("csi-sites");
        ServiceProcess falkenbergStore = processes.startStore(dir, "falkenberg");
        Path falkenbergData = SiteProcesses.transferData(dir, "falkenberg");
        Path falkenbergLog = SiteProcesses.transferLog(dir, "falkenberg");
        ServiceProcess falkenbergTransfer = processes.start(SiteProcesses.transferService(dir, "falkenberg",
                falkenbergStore));
        Map<String, String> config = new LinkedHashMap<>();
        config.put("datamover.site", "stockholm");
        config.put("datamover.storage", "csi");
        config.put("datamover.store-url", "http://127.0.0.1:" + Ports.free());
        config.put("datamover.data-dir", dir.resolve("stockholm/transfer-service").toString());
        config.put("datamover.transfer.peers.falkenberg", falkenbergTransfer.url());
        config.put("datamover.transfer.chunk-bytes", Long.toString(CHUNK_BYTES));
        config.put("datamover.transfer.max-attempts", "2");
        config.put("datamover.transfer.initial-backoff", "100ms");
        config.put("datamover.transfer.mover.port", Integer.toString(Ports.free()));
        config.put("datamover.transfer.mover.ready-timeout", READY_TIMEOUT);
        config.put("datamover.transfer.mover.image", MOVER_IMAGE);
        config.put("quarkus.kubernetes-client.api-server-url", api.url());
        config.put("quarkus.kubernetes-client.trust-certs", "true");
        config.put("quarkus.kubernetes-client.namespace", "datamover");
        config.put("test.falkenberg.store-url", falkenbergStore.url());
        config.put("test.falkenberg.store-data-dir", dir.resolve("falkenberg/block-store").toString());
        config.put("test.falkenberg.data-dir", falkenbergData.toString());
        config.put("test.falkenberg.transfer-log", falkenbergLog.toString());
        // the module's other tests inject it; stockholm has no store here
        config.put("test.stockholm.store-data-dir", dir.resolve("stockholm/block-store").toString());
        config.put("test.csi.logs", dir.toString());
        return config;
    }

    /** What a run of stockholm's transfer-service that crashed while shipping left, and a pod of another site's. */
    private void leaveBehind() {
        Map<String, String> labels = MoverNames.labels("stockholm", LEFTOVER_VOLUME, 7);
        String name = MoverNames.name(LEFTOVER_VOLUME, 7);
        List<HasMetadata> objects = List.of(
                new SecretBuilder().withNewMetadata().withNamespace(NAMESPACE).withName(name).withLabels(labels)
                        .endMetadata().addToStringData(MoverNames.TOKEN_KEY, "left-behind-token").build(),
                new PersistentVolumeClaimBuilder().withNewMetadata().withNamespace(NAMESPACE).withName(name)
                        .withLabels(labels).endMetadata().build(),
                new PodBuilder().withNewMetadata().withNamespace(NAMESPACE).withName(name).withLabels(labels)
                        .endMetadata().build(),
                new PodBuilder().withNewMetadata().withNamespace(NAMESPACE).withName(name + "-" + OTHER_SITE)
                        .withLabels(MoverNames.labels(OTHER_SITE, LEFTOVER_VOLUME, 7)).endMetadata().build());
        objects.forEach(object -> client.resource(object).create());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(client, new TestInjector.MatchesType(KubernetesClient.class));
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
