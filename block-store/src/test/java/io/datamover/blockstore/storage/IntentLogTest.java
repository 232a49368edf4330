package io.datamover.blockstore.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntentLogTest {

    private static final int SECTOR = 4096;
    private static final long FIRST_RECORD = IntentLog.FIRST_RECORD;

    @TempDir
    Path dir;

    @Test
    void shouldReplayTheRecordsLoggedForTheAskedEpochOnlyInOrder() throws IOException {
        Path file = dir.resolve("open.log");
        try (IntentLog log = IntentLog.open(file)) {
            log.appendBlocks(3, 0, 2 * SECTOR);
            log.appendData(4, 10L * SECTOR, sectors(2, 7));
            log.appendBlocks(4, 20L * SECTOR, SECTOR);
            log.force();
        }

        try (IntentLog log = IntentLog.open(file)) {
            assertThat(replay(log, 4)).containsExactly(
                    new Logged(10L * SECTOR, 2 * SECTOR, sectors(2, 7).array()),
                    new Logged(20L * SECTOR, SECTOR, null));
            assertThat(replay(log, 3)).containsExactly(new Logged(0, 2 * SECTOR, null));
            assertThat(replay(log, 5)).isEmpty();
        }
    }

    @Test
    void shouldLeaveTheCallersBytesUnmovedAndReturnTheRecordsCopy() throws IOException {
        try (IntentLog log = IntentLog.open(dir.resolve("open.log"))) {
            ByteBuffer data = sectors(1, 3);

            ByteBuffer copy = log.appendData(1, 0, data);
            data.put(0, (byte) 9);

            assertThat(data.position()).isZero();
            assertThat(copy.remaining()).isEqualTo(SECTOR);
            assertThat(copy.get(0)).isEqualTo((byte) 3);
        }
    }

    @Test
    void shouldOverwriteATornRecordAtTheEndAndReplayWhatIsAppendedAfterIt() throws IOException {
        Path file = dir.resolve("open.log");
        try (IntentLog log = IntentLog.open(file)) {
            log.appendData(1, 5L * SECTOR, sectors(1, 1));
            log.appendData(1, 6L * SECTOR, sectors(1, 2));
            log.force();
        }
        // The second record torn: its last sector never reached the disk.
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            long second = FIRST_RECORD + IntentLog.HEADER_BYTES + SECTOR;
            channel.write(ByteBuffer.allocate(SECTOR), second + IntentLog.HEADER_BYTES);
        }

        try (IntentLog log = IntentLog.open(file)) {
            assertThat(replay(log, 1)).containsExactly(new Logged(5L * SECTOR, SECTOR, sectors(1, 1).array()));
            log.appendBlocks(1, 7L * SECTOR, 2 * SECTOR);
            log.force();
        }

        try (IntentLog log = IntentLog.open(file)) {
            assertThat(replay(log, 1)).containsExactly(new Logged(5L * SECTOR, SECTOR, sectors(1, 1).array()),
                    new Logged(7L * SECTOR, 2 * SECTOR, null));
        }
    }

    @Test
    void shouldStopTheReplayAtARecordWhoseDataDoesNotMatchItsChecksum() throws IOException {
        Path file = dir.resolve("open.log");
        try (IntentLog log = IntentLog.open(file)) {
            log.appendBlocks(1, SECTOR, SECTOR);
            log.appendData(1, 2L * SECTOR, sectors(1, 4));
            log.appendBlocks(1, 3L * SECTOR, SECTOR);
            log.force();
        }
        byte[] content = Files.readAllBytes(file);
        content[(int) FIRST_RECORD + 2 * IntentLog.HEADER_BYTES + 100] ^= 1;
        Files.write(file, content);

        try (IntentLog log = IntentLog.open(file)) {
            assertThat(replay(log, 1)).containsExactly(new Logged(SECTOR, SECTOR, null));
        }
    }

    @Test
    void shouldWriteRecordsInPlaceInAPreallocatedFileThatNeverGrows() throws IOException {
        Path file = dir.resolve("open.log");
        try (IntentLog log = IntentLog.open(file)) {
            long preallocated = Files.size(file);
            assertThat(preallocated).isGreaterThanOrEqualTo(IntentLog.CAPACITY);
            int appended = 0;
            while (log.fits(IntentLog.MAX_DATA)) {
                log.appendData(1, (long) appended * IntentLog.MAX_DATA, ByteBuffer.allocate(IntentLog.MAX_DATA));
                appended++;
            }
            log.force();

            assertThat(appended).isEqualTo(IntentLog.CAPACITY / IntentLog.MAX_DATA - 1);
            assertThat(Files.size(file)).isEqualTo(preallocated);
            assertThatThrownBy(() -> log.appendData(1, 0, ByteBuffer.allocate(IntentLog.MAX_DATA)))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void shouldReplayNothingOnceClearedThoughTheOldRecordsAreStillInTheFile() throws IOException {
        Path file = dir.resolve("open.log");
        try (IntentLog log = IntentLog.open(file)) {
            log.appendBlocks(2, 0, 4 * SECTOR);
            log.appendData(2, 9L * SECTOR, sectors(1, 9));
            log.force();
            log.clear();
        }

        try (IntentLog log = IntentLog.open(file)) {
            assertThat(replay(log, 2)).isEmpty();
            log.appendData(2, 5L * SECTOR, sectors(1, 5));
            log.force();
            log.clear();
            log.appendBlocks(2, 6L * SECTOR, SECTOR);
            log.force();
        }

        try (IntentLog log = IntentLog.open(file)) {
            assertThat(replay(log, 2)).containsExactly(new Logged(6L * SECTOR, SECTOR, null));
        }
    }

    private static List<Logged> replay(IntentLog log, long epoch) throws IOException {
        List<Logged> logged = new ArrayList<>();
        log.replay(epoch, (offset, length, data) -> logged.add(new Logged(offset, length,
                data == null ? null : Arrays.copyOfRange(data.array(), data.arrayOffset() + data.position(),
                        data.arrayOffset() + data.limit()))));
        return logged;
    }

    private static ByteBuffer sectors(int count, int fill) {
        byte[] bytes = new byte[count * SECTOR];
        Arrays.fill(bytes, (byte) fill);
        return ByteBuffer.wrap(bytes);
    }

    /** A replayed record; {@code data} null for one of blocks written in place. */
    private record Logged(long offset, int length, byte[] data) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Logged that && offset == that.offset && length == that.length
                    && Arrays.equals(data, that.data);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(offset) * 31 + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Logged[" + offset + ", " + length + (data == null ? "" : ", " + data.length + " bytes") + "]";
        }
    }
}
