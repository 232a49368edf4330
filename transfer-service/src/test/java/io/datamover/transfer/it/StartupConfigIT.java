package io.datamover.transfer.it;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datamover.runtime.Ports;
import io.datamover.runtime.ServiceProcess;
import io.datamover.runtime.SharedKafka;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged service refuses to start on configuration that cannot work, naming the key. */
class StartupConfigIT {

    @TempDir
    Path dir;

    @Test
    void shouldRefuseToStartWithASiteThatIsNotAnId() {
        ServiceProcess service = ServiceProcess.builder("transfer-service")
                .property("datamover.site", "Stockholm_1")
                .property("datamover.store-url", "http://127.0.0.1:" + Ports.free())
                .property("datamover.data-dir", dir.toString())
                .property("kafka.bootstrap.servers", SharedKafka.bootstrapServers())
                .logFile(dir.resolve("transfer-service.log"))
                .build();

        assertThatThrownBy(service::start).hasMessageContaining("exited")
                .hasMessageContaining("datamover.site must be a site id");
    }

    @Test
    void shouldRefuseToStartWithAPeerAddressThatIsNotAUrl() {
        ServiceProcess service = ServiceProcess.builder("transfer-service")
                .property("datamover.site", "stockholm")
                .property("datamover.store-url", "http://127.0.0.1:" + Ports.free())
                .property("datamover.data-dir", dir.toString())
                .property("datamover.transfer.peers.falkenberg", "falkenberg:8094")
                .property("kafka.bootstrap.servers", SharedKafka.bootstrapServers())
                .logFile(dir.resolve("transfer-service.log"))
                .build();

        assertThatThrownBy(service::start).hasMessageContaining("exited")
                .hasMessageContaining("datamover.transfer.peers.falkenberg must be an http(s) URL");
    }
}
