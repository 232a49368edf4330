package io.datamover.mover.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCheckTest {

    private static final String TOKEN = "0123456789abcdef0123";

    @TempDir
    Path dir;

    private record Config(Path devicePath, String volumeId, long snapshot, long volumeBytes, String token)
            implements MoverConfig {
    }

    @Test
    void shouldAcceptAFileAsLargeAsTheVolume() throws IOException {
        Path device = Files.write(dir.resolve("device"), new byte[8192]);

        assertThatCode(() -> check(new Config(device, "pv-1", 1, 8192, TOKEN))).doesNotThrowAnyException();
    }

    @Test
    void shouldFailTheStartNamingTheKey() throws IOException {
        Path device = Files.write(dir.resolve("device"), new byte[8192]);

        assertThatThrownBy(() -> check(new Config(dir.resolve("missing"), "pv-1", 1, 8192, TOKEN)))
                .hasMessageContaining("datamover.mover.device-path");
        assertThatThrownBy(() -> check(new Config(device, "pv-1", 1, 16384, TOKEN)))
                .hasMessageContaining("datamover.mover.device-path").hasMessageContaining("smaller");
        assertThatThrownBy(() -> check(new Config(device, "../pv", 1, 8192, TOKEN)))
                .hasMessageContaining("datamover.mover.volume-id");
        assertThatThrownBy(() -> check(new Config(device, "pv-1", 0, 8192, TOKEN)))
                .hasMessageContaining("datamover.mover.snapshot");
        assertThatThrownBy(() -> check(new Config(device, "pv-1", 1, 8000, TOKEN)))
                .hasMessageContaining("datamover.mover.volume-bytes");
        assertThatThrownBy(() -> check(new Config(device, "pv-1", 1, 8192, "short")))
                .hasMessageContaining("datamover.mover.token");
    }

    private static void check(MoverConfig config) {
        new ConfigCheck().check(null, config);
    }
}
