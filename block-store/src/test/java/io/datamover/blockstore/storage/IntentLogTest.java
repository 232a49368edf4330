package io.datamover.blockstore.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.blockstore.domain.Geometry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
    void shouldOverwriteATornRecordAtTheEndAndReplayWhatIsAppendedAfterIt() throws IOException {
        Path file = dir.resolve("open.log");
        try (IntentLog log = IntentLog.open(file)) {
            log.append(1, new Geometry.BlockRange(5, 5));
            log.force();
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0}),
                    3L * IntentLog.RECORD_BYTES);
        }

        try (IntentLog log = IntentLog.open(file)) {
            assertThat(log.replay(1).toArray()).containsExactly(5);
            log.append(1, new Geometry.BlockRange(7, 8));
            log.force();
        }

        try (IntentLog log = IntentLog.open(file)) {
            assertThat(log.replay(1).toArray()).containsExactly(5, 7, 8);
        }
    }

    @Test
    void shouldWriteRecordsInPlaceInAPreallocatedFile() throws IOException {
        Path file = dir.resolve("open.log");
        try (IntentLog log = IntentLog.open(file)) {
            long preallocated = Files.size(file);
            assertThat(preallocated).isGreaterThanOrEqualTo((long) IntentLog.PREALLOCATED_RECORDS
                    * IntentLog.RECORD_BYTES);
            for (int block = 0; block < 1000; block++) {
                log.append(1, new Geometry.BlockRange(block, block));
            }
            log.force();
            assertThat(Files.size(file)).isEqualTo(preallocated);
        }
    }

    @Test
    void shouldGrowTheFileWhenThePreallocatedRecordsAreUsedUp() throws IOException {
        Path file = dir.resolve("open.log");
        try (IntentLog log = IntentLog.open(file)) {
            for (int block = 0; block <= IntentLog.PREALLOCATED_RECORDS; block++) {
                log.append(1, new Geometry.BlockRange(block, block));
            }
            log.force();
        }

        try (IntentLog log = IntentLog.open(file)) {
            assertThat(log.replay(1).getLongCardinality()).isEqualTo(IntentLog.PREALLOCATED_RECORDS + 1L);
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
        content[3 * IntentLog.RECORD_BYTES + 9] ^= 1;
        Files.write(file, content);

        try (IntentLog log = IntentLog.open(file)) {
            assertThat(log.replay(1).toArray()).containsExactly(1);
        }
    }

    @Test
    void shouldReplayNothingOnceClearedThoughTheOldRecordsAreStillInTheFile() throws IOException {
        Path file = dir.resolve("open.log");
        try (IntentLog log = IntentLog.open(file)) {
            log.append(2, new Geometry.BlockRange(0, 3));
            log.append(2, new Geometry.BlockRange(9, 9));
            log.force();
            log.clear();
        }

        try (IntentLog log = IntentLog.open(file)) {
            assertThat(log.replay(2).isEmpty()).isTrue();
            log.append(2, new Geometry.BlockRange(5, 5));
            log.force();
            log.clear();
            log.append(2, new Geometry.BlockRange(6, 6));
            log.force();
        }

        try (IntentLog log = IntentLog.open(file)) {
            assertThat(log.replay(2).toArray()).containsExactly(6);
        }
    }
}
