package io.datamover.mover.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCheckTest {


    @TempDir
    Path dir;

    private Path token;

    private record Config(Mode mode, Path devicePath, String volumeId, long snapshot, OptionalLong baseSnapshot,
            long volumeBytes, Path tokenFile) implements MoverConfig {

        Config(Path devicePath, String volumeId, long snapshot, long volumeBytes, Path tokenFile) {
            this(Mode.SNAPSHOT, devicePath, volumeId, snapshot, OptionalLong.empty(), volumeBytes, tokenFile);
        }
    }

    @BeforeEach
    void writeToken() throws IOException {
        token = Files.writeString(dir.resolve("token"), "0123456789abcdef0123\n");
    }

    @Test
    void shouldAcceptAFileAsLargeAsTheVolume() throws IOException {
        Path device = Files.write(dir.resolve("device"), new byte[8192]);

        assertThatCode(() -> check(new Config(device, "pv-1", 1, 8192, token))).doesNotThrowAnyException();
    }

    @Test
    void shouldFailTheStartNamingTheKey() throws IOException {
        Path device = Files.write(dir.resolve("device"), new byte[8192]);

        assertThatThrownBy(() -> check(new Config(dir.resolve("missing"), "pv-1", 1, 8192, token)))
                .hasMessageContaining("datamover.mover.device-path");
        assertThatThrownBy(() -> check(new Config(device, "pv-1", 1, 16384, token)))
                .hasMessageContaining("datamover.mover.device-path").hasMessageContaining("smaller");
        assertThatThrownBy(() -> check(new Config(device, "../pv", 1, 8192, token)))
                .hasMessageContaining("datamover.mover.volume-id");
        assertThatThrownBy(() -> check(new Config(device, "pv-1", 0, 8192, token)))
                .hasMessageContaining("datamover.mover.snapshot");
        assertThatThrownBy(() -> check(new Config(device, "pv-1", 1, 8000, token)))
                .hasMessageContaining("datamover.mover.volume-bytes");
        Path shortToken = Files.writeString(dir.resolve("short"), "short");
        assertThatThrownBy(() -> check(new Config(device, "pv-1", 1, 8192, shortToken)))
                .hasMessageContaining("datamover.mover.token-file").hasMessageContaining("at least 16");
        assertThatThrownBy(() -> check(new Config(device, "pv-1", 1, 8192, dir.resolve("none"))))
                .hasMessageContaining("datamover.mover.token-file");
    }

    @Test
    void shouldAcceptAWritableDeviceAndABaseBelowTheSnapshotInReplicaMode() throws IOException {
        Path device = Files.write(dir.resolve("device"), new byte[8192]);

        assertThatCode(() -> check(new Config(MoverConfig.Mode.REPLICA, device, "pv-1", 4, OptionalLong.of(3), 8192,
                token))).doesNotThrowAnyException();
        assertThatCode(() -> check(new Config(MoverConfig.Mode.REPLICA, device, "pv-1", 1, OptionalLong.empty(), 8192,
                token))).doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseABaseThatIsNotBelowTheSnapshotOrOutsideReplicaMode() throws IOException {
        Path device = Files.write(dir.resolve("device"), new byte[8192]);

        assertThatThrownBy(() -> check(new Config(MoverConfig.Mode.REPLICA, device, "pv-1", 4, OptionalLong.of(4),
                8192, token))).hasMessageContaining("datamover.mover.base-snapshot");
        assertThatThrownBy(() -> check(new Config(MoverConfig.Mode.SNAPSHOT, device, "pv-1", 4, OptionalLong.of(3),
                8192, token))).hasMessageContaining("datamover.mover.base-snapshot")
                .hasMessageContaining("replica mode only");
    }

    private static void check(MoverConfig config) {
        new ConfigCheck().check(null, config);
    }
}
