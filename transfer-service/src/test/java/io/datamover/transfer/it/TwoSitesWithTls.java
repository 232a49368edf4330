package io.datamover.transfer.it;

import io.datamover.runtime.Ports;
import io.datamover.runtime.ServiceProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Two sites with mutual TLS between their transfer-services: stockholm (the transfer-service under test, in
 * this JVM) and falkenberg (a block store and a transfer-service as processes), each with a certificate of
 * the test authority. An intruder's key store, signed by another authority, is left for the tests. Falkenberg's
 * peer API listens on its HTTPS port; its plain port only answers health checks and the local API.
 */
public class TwoSitesWithTls implements QuarkusTestResourceLifecycleManager {

    /** Config key of falkenberg's transfer-service over plain HTTP. */
    public static final String FALKENBERG_PLAIN_URL = "test.falkenberg.plain-url";
    /** Config key of a PKCS12 key store whose certificate an authority unknown to the sites signed. */
    public static final String INTRUDER_KEY_STORE = "test.tls.intruder-key-store";
    /** Config key of the port of falkenberg's data plane, which requires mutual TLS too. */
    public static final String FALKENBERG_DATA_PORT = "test.falkenberg.data-port";

    private final SiteProcesses processes = new SiteProcesses();
    /** Logs and data of the sites; the data is deleted when they stop. */
    private Path dir;

    @Override
    public Map<String, String> start() {
        dir = SiteProcesses.directory("tls-sites");
        Path certificates = dir.resolve("certificates");
        TestCertificates authority;
        Path stockholmKeyStore;
        Path falkenbergKeyStore;
        Path intruderKeyStore;
        try {
            authority = TestCertificates.authority(certificates, "datamover-test");
            stockholmKeyStore = authority.keyStore("stockholm");
            falkenbergKeyStore = authority.keyStore("falkenberg");
            intruderKeyStore = TestCertificates.authority(certificates, "intruder").keyStore("intruder");
        } catch (Exception e) {
            throw new IllegalStateException("cannot generate the test certificates in " + certificates, e);
        }
        ServiceProcess stockholmStore = processes.startStore(dir, "stockholm");
        ServiceProcess falkenbergStore = processes.startStore(dir, "falkenberg");
        int falkenbergHttps = Ports.free();
        int falkenbergDataPort = Ports.free();
        Path falkenbergData = SiteProcesses.transferData(dir, "falkenberg");
        Path falkenbergLog = SiteProcesses.transferLog(dir, "falkenberg");
        ServiceProcess falkenbergTransfer = processes.start(SiteProcesses.transferService(dir, "falkenberg",
                        falkenbergStore)
                .property("quarkus.http.ssl-port", Integer.toString(falkenbergHttps))
                .property("datamover.transfer.data-plane.port", Integer.toString(falkenbergDataPort))
                .properties(tls(falkenbergKeyStore, authority.trustStore())));
        Map<String, String> config = new LinkedHashMap<>(tls(stockholmKeyStore, authority.trustStore()));
        config.put("datamover.site", "stockholm");
        config.put("datamover.store-url", stockholmStore.url());
        config.put("datamover.data-dir", dir.resolve("stockholm/transfer-service").toString());
        config.put("datamover.transfer.peers.falkenberg", "https://127.0.0.1:" + falkenbergHttps);
        config.put("datamover.transfer.chunk-bytes", Long.toString(TwoSites.CHUNK_BYTES));
        config.put("datamover.transfer.max-attempts", "3");
        config.put("datamover.transfer.initial-backoff", "100ms");
        config.put("datamover.transfer.max-backoff", "1s");
        config.put("test.falkenberg.store-url", falkenbergStore.url());
        config.put("test.falkenberg.data-dir", falkenbergData.toString());
        // injected by the tests of TwoSites too, so Quarkus wants them from every test resource
        config.put("test.falkenberg.transfer-log", falkenbergLog.toString());
        config.put("test.stockholm.store-data-dir", dir.resolve("stockholm/block-store").toString());
        config.put("test.falkenberg.store-data-dir", dir.resolve("falkenberg/block-store").toString());
        config.put(FALKENBERG_PLAIN_URL, falkenbergTransfer.url());
        config.put(INTRUDER_KEY_STORE, intruderKeyStore.toString());
        config.put(FALKENBERG_DATA_PORT, Integer.toString(falkenbergDataPort));
        return config;
    }

    private static Map<String, String> tls(Path keyStore, Path trustStore) {
        return Map.of(
                "datamover.transfer.tls.enabled", "true",
                "datamover.transfer.tls.key-store", keyStore.toString(),
                "datamover.transfer.tls.key-store-password", TestCertificates.PASSWORD,
                "datamover.transfer.tls.trust-store", trustStore.toString(),
                "datamover.transfer.tls.trust-store-password", TestCertificates.PASSWORD);
    }

    @Override
    public void stop() {
        if (dir != null) {
            processes.stopAllAndDeleteData(dir);
        }
    }
}
