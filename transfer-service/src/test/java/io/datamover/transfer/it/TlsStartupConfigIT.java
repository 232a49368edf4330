package io.datamover.transfer.it;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datamover.runtime.Ports;
import io.datamover.runtime.ServiceProcess;
import io.datamover.runtime.SharedKafka;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged service refuses to start with mutual TLS on but configured so that it cannot work. */
class TlsStartupConfigIT {

    @TempDir
    Path dir;

    @Test
    void shouldRefuseToStartWithAKeyStoreThatDoesNotExist() throws Exception {
        TestCertificates authority = TestCertificates.authority(dir, "datamover-test");
        ServiceProcess service = service(dir.resolve("missing.p12"), authority.trustStore()).build();

        assertThatThrownBy(service::start).hasMessageContaining("exited")
                .hasMessageContaining("datamover.transfer.tls.key-store must be a readable PKCS12 file");
    }

    @Test
    void shouldRefuseToStartWithAPlainHttpPeerAddress() throws Exception {
        TestCertificates authority = TestCertificates.authority(dir, "datamover-test");
        ServiceProcess service = service(authority.keyStore("stockholm"), authority.trustStore())
                .property("datamover.transfer.peers.falkenberg", "http://127.0.0.1:" + Ports.free())
                .build();

        assertThatThrownBy(service::start).hasMessageContaining("exited")
                .hasMessageContaining("datamover.transfer.peers.falkenberg must be an https URL");
    }

    private ServiceProcess.Builder service(Path keyStore, Path trustStore) {
        return ServiceProcess.builder("transfer-service")
                .property("datamover.site", "stockholm")
                .property("datamover.store-url", "http://127.0.0.1:" + Ports.free())
                .property("datamover.data-dir", dir.toString())
                .property("kafka.bootstrap.servers", SharedKafka.bootstrapServers())
                .property("quarkus.http.ssl-port", Integer.toString(Ports.free()))
                .property("datamover.transfer.tls.enabled", "true")
                .property("datamover.transfer.tls.key-store", keyStore.toString())
                .property("datamover.transfer.tls.key-store-password", TestCertificates.PASSWORD)
                .property("datamover.transfer.tls.trust-store", trustStore.toString())
                .property("datamover.transfer.tls.trust-store-password", TestCertificates.PASSWORD)
                .logFile(dir.resolve("transfer-service.log"));
    }
}
