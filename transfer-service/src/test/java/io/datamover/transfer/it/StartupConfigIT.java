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
        assertThatThrownBy(service("Stockholm_1")::start).hasMessageContaining("exited")
                .hasMessageContaining("datamover.site must be a site id");
    }

    @Test
    void shouldRefuseToStartWithAPeerAddressThatIsNotAUrl() {
        assertThatThrownBy(service("stockholm", "datamover.transfer.peers.falkenberg", "falkenberg:8094")::start)
                .hasMessageContaining("exited")
                .hasMessageContaining("datamover.transfer.peers.falkenberg must be an http(s) URL");
    }

    @Test
    void shouldRefuseToStartWithAChunkSizeThatIsNotWholeSectors() {
        assertThatThrownBy(service("stockholm", "datamover.transfer.chunk-bytes", "1000000")::start)
                .hasMessageContaining("exited")
                .hasMessageContaining("datamover.transfer.chunk-bytes must be a multiple of 4096");
    }

    @Test
    void shouldRefuseToStartWithAReplicaRetainingNoSnapshot() {
        assertThatThrownBy(service("stockholm", "datamover.transfer.replica.retain", "0")::start)
                .hasMessageContaining("exited")
                .hasMessageContaining("datamover.transfer.replica.retain must be 1 or more");
    }

    /** The packaged service for {@code site}, with a store that does not answer, and the given key and value. */
    private ServiceProcess service(String site, String... keyAndValue) {
        ServiceProcess.Builder builder = ServiceProcess.builder("transfer-service")
                .property("datamover.site", site)
                .property("datamover.store-url", "http://127.0.0.1:" + Ports.free())
                .property("datamover.data-dir", dir.toString())
                .property("kafka.bootstrap.servers", SharedKafka.bootstrapServers())
                .logFile(dir.resolve("transfer-service.log"));
        for (int i = 0; i < keyAndValue.length; i += 2) {
            builder.property(keyAndValue[i], keyAndValue[i + 1]);
        }
        return builder.build();
    }
}
