package io.datamover.blockstore.storage;

import static java.nio.file.StandardOpenOption.APPEND;
import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.blockstore.domain.Geometry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntentLogTest {

    @TempDir
    Path dir;

    @Test
    void shouldReplayTheBlocksLoggedForTheAskedEpochOnly() throws IOException {
        Path file = dir.resolve("open.log");
        try (IntentLog log = IntentLog.open(file)) {
            log.append(3, new Geometry.BlockRange(0, 1));
            log.append(4, new Geometry.BlockRange(10, 12));
            log.append(4, new Geometry.BlockRange(20, 20));
            log.force();
        }

        try (IntentLog log = IntentLog.open(file)) {
            assertThat(log.replay(4).toArray()).containsExactly(10, 11, 12, 20);
            assertThat(log.replay(3).toArray()).containsExactly(0, 1);
            assertThat(log.replay(5).isEmpty()).isTrue();
        }
    }

    @Test
    void shouldDropATornRecordAtTheEndAndReplayWhatIsAppendedAfterIt() throws IOException {
        Path file = dir.resolve("open.log");
        try (IntentLog log = IntentLog.open(file)) {
            log.append(1, new Geometry.BlockRange(5, 5));
            log.force();
        }
        Files.write(file, new byte[] {0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0}, APPEND);

        try (IntentLog log = IntentLog.open(file)) {
            assertThat(Files.size(file)).isEqualTo(IntentLog.RECORD_BYTES);
            log.append(1, new Geometry.BlockRange(7, 8));
            log.force();
        }

        try (IntentLog log = IntentLog.open(file)) {
            assertThat(log.replay(1).toArray()).containsExactly(5, 7, 8);
        }
    }

    @Test
    void shouldStopTheReplayAtARecordWhoseChecksumDoesNotMatch() throws IOException {
        Path file = dir.resolve("open.log");
        try (IntentLog log = IntentLog.open(file)) {
            log.append(1, new Geometry.BlockRange(1, 1));
            log.append(1, new Geometry.BlockRange(2, 2));
            log.force();
        }
        byte[] content = Files.readAllBytes(file);
        content[IntentLog.RECORD_BYTES + 9] ^= 1;
        Files.write(file, content);

        try (IntentLog log = IntentLog.open(file)) {
            assertThat(log.replay(1).toArray()).containsExactly(1);
        }
    }

    @Test
    void shouldReplayNothingOnceCleared() throws IOException {
        Path file = dir.resolve("open.log");
        try (IntentLog log = IntentLog.open(file)) {
            log.append(2, new Geometry.BlockRange(0, 3));
            log.clear();
        }

        try (IntentLog log = IntentLog.open(file)) {
            assertThat(log.replay(2).isEmpty()).isTrue();
        }
    }
}
