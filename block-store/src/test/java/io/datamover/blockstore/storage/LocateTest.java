package io.datamover.blockstore.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.blockstore.api.CreateVolume;
import io.datamover.blockstore.api.ExtentLocations;
import io.datamover.blockstore.api.ExtentLocations.Segment;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.blockstore.domain.Geometry;
import io.datamover.events.Extent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** Locating a snapshot's extents in the files, checked by reading the files as a zero-copy sender would. */
class LocateTest extends StoreTest {

    private static final int SECTOR = Geometry.SECTOR_SIZE;
    /** Four sectors: extents start and end inside blocks. */
    private static final int BLOCK = 4 * SECTOR;
    private static final long SIZE = 64L * BLOCK;
    /** Blocks 40.. are never written before the first snapshot. */
    private static final int WRITTEN_BLOCKS = 40;

    private final Random random = new Random(20261122);

    @Test
    void shouldLocateScatteredExtentsOfTwoSnapshotsInTheLiveAndCopyOnWriteFilesWithTheirSums() throws IOException {
        Volume volume = primary("scattered");
        write(volume, 0, randomBytes(WRITTEN_BLOCKS * BLOCK));
        volume.snapshot();
        write(volume, 2L * BLOCK, randomBytes(2 * BLOCK));
        write(volume, 10L * BLOCK + SECTOR, randomBytes(SECTOR));
        write(volume, 20L * BLOCK, randomBytes(3 * BLOCK));
        write(volume, 45L * BLOCK, randomBytes(BLOCK));
        volume.snapshot();
        write(volume, 3L * BLOCK, randomBytes(BLOCK));
        write(volume, 30L * BLOCK, randomBytes(SECTOR));
        write(volume, 45L * BLOCK, randomBytes(BLOCK));
        List<Extent> extents = List.of(
                new Extent(0, 3L * BLOCK),
                new Extent(2L * BLOCK + SECTOR, BLOCK + 2L * SECTOR),
                new Extent(10L * BLOCK, BLOCK),
                new Extent(20L * BLOCK - SECTOR, 4L * BLOCK),
                new Extent(44L * BLOCK + 3L * SECTOR, 2L * BLOCK),
                new Extent(60L * BLOCK, 4L * BLOCK),
                new Extent(30L * BLOCK, SECTOR));

        for (long snapshot = 1; snapshot <= 2; snapshot++) {
            ExtentLocations located = volume.locate(snapshot, extents);

            assertCoversInOrder(located, extents);
            assertThat(readFiles(located)).as("snapshot %d read from the files", snapshot)
                    .isEqualTo(readSnapshot(volume, snapshot, extents));
            assertThat(located.sums()).isEqualTo(crc32cs(readSnapshot(volume, snapshot, extents)));
        }
        VolumeLayout layout = VolumeLayout.of(dataDir, "scattered");
        assertThat(volume.locate(1, extents).files()).as("block 30, first written after snapshot 2, is read"
                + " through it").containsExactly(absolute(layout.data()), absolute(layout.cow(1)),
                absolute(layout.cow(2)));
        assertThat(volume.locate(2, extents).files()).containsExactly(absolute(layout.data()),
                absolute(layout.cow(2)));
    }

    @Test
    void shouldGiveTheSumsOfZerosForSectorsNeverWritten() throws IOException {
        Volume volume = primary("holes");
        write(volume, 0, randomBytes(BLOCK));
        volume.snapshot();

        ExtentLocations located = volume.locate(1, List.of(new Extent(BLOCK, 2L * SECTOR)));

        assertThat(located.segments()).containsExactly(new Segment(0, BLOCK, BLOCK, 2L * SECTOR));
        assertThat(located.sum(0)).isEqualTo(crc32c(new byte[SECTOR])).isEqualTo(located.sum(1));
        assertThat(located.firstMismatch(0, ByteBuffer.wrap(new byte[2 * SECTOR]))).isEqualTo(-1);
    }

    @Test
    void shouldLocateABlockFirstWrittenAfterTheSnapshotInAHoleInsideItsCopyOnWriteFile() throws IOException {
        Volume volume = primary("late");
        volume.snapshot();
        write(volume, 7L * BLOCK, randomBytes(BLOCK));
        Path cow = VolumeLayout.of(dataDir, "late").cow(1);
        assertThat(Files.exists(cow)).as("nothing was copied: the block read as zeros").isFalse();

        ExtentLocations located = volume.locate(1, List.of(new Extent(7L * BLOCK, BLOCK)));

        assertThat(located.files()).containsExactly(absolute(cow));
        assertThat(Files.size(cow)).isEqualTo(SIZE);
        assertThat(readFiles(located)).isEqualTo(new byte[BLOCK]);
        assertThat(located.sums()).isEqualTo(crc32cs(new byte[BLOCK]));
    }

    @Test
    void shouldFindTheLocatedLiveBytesChangedByALaterWriteAndTheirCopyByLocatingAgain() throws IOException {
        Volume volume = primary("overwritten");
        write(volume, 0, randomBytes(WRITTEN_BLOCKS * BLOCK));
        volume.snapshot();
        List<Extent> extents = List.of(new Extent(5L * BLOCK, 2L * BLOCK));
        byte[] content = readSnapshot(volume, 1, extents);
        ExtentLocations before = volume.locate(1, extents);
        assertThat(before.files()).containsExactly(absolute(VolumeLayout.of(dataDir, "overwritten").data()));

        write(volume, 6L * BLOCK + SECTOR, randomBytes(SECTOR));

        assertThat(before.firstMismatch(0, ByteBuffer.wrap(readFiles(before))))
                .as("the first sector of block 6 is unchanged, its second was overwritten")
                .isEqualTo(BLOCK / SECTOR + 1);
        ExtentLocations after = volume.locate(1, extents);
        assertThat(after.files()).containsExactly(absolute(VolumeLayout.of(dataDir, "overwritten").data()),
                absolute(VolumeLayout.of(dataDir, "overwritten").cow(1)));
        assertThat(after.segments()).containsExactly(new Segment(0, 5L * BLOCK, 5L * BLOCK, BLOCK),
                new Segment(1, 6L * BLOCK, 6L * BLOCK, BLOCK));
        assertThat(after.firstMismatch(0, ByteBuffer.wrap(readFiles(after)))).isEqualTo(-1);
        assertThat(readFiles(after)).isEqualTo(content);
        assertThat(after.sums()).isEqualTo(before.sums());
    }

    @Test
    void shouldLocateTheBlocksACloneNeverWroteInItsOriginsFiles() throws IOException {
        Volume source = primary("origin");
        write(source, 0, randomBytes(WRITTEN_BLOCKS * BLOCK));
        long origin = source.snapshot().number();
        write(source, 8L * BLOCK, randomBytes(4 * BLOCK));
        Volume clone = store.clone("origin", origin, "copy");
        write(clone, 10L * BLOCK, randomBytes(BLOCK));
        write(clone, 50L * BLOCK, randomBytes(SECTOR));
        long snapshot = clone.snapshot().number();
        List<Extent> extents = List.of(new Extent(0, SIZE));

        ExtentLocations located = clone.locate(snapshot, extents);

        assertCoversInOrder(located, extents);
        assertThat(located.files()).containsExactly(absolute(VolumeLayout.of(dataDir, "origin").data()),
                absolute(VolumeLayout.of(dataDir, "origin").cow(origin)),
                absolute(VolumeLayout.of(dataDir, "copy").data()));
        assertThat(readFiles(located)).isEqualTo(clone.readSnapshot(snapshot, 0, (int) SIZE));
        assertThat(located.sums()).isEqualTo(crc32cs(clone.readSnapshot(snapshot, 0, (int) SIZE)));
    }

    /** Each extent is covered by its segments, one after the other, and the sums by its sectors. */
    private static void assertCoversInOrder(ExtentLocations located, List<Extent> extents) {
        int segment = 0;
        long sectors = 0;
        for (Extent extent : extents) {
            long position = extent.offset();
            while (position < extent.end()) {
                Segment next = located.segments().get(segment++);
                assertThat(next.volumeOffset()).as("segment %d", segment - 1).isEqualTo(position);
                assertThat(next.fileOffset()).isEqualTo(next.volumeOffset());
                position += next.length();
            }
            assertThat(position).isEqualTo(extent.end());
            sectors += extent.length() / SECTOR;
        }
        assertThat(located.segments()).hasSize(segment);
        assertThat(located.sectorCount()).isEqualTo(sectors);
    }

    /** The bytes of every segment, in order, read straight from the files named. */
    private static byte[] readFiles(ExtentLocations located) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Segment segment : located.segments()) {
            try (FileChannel file = FileChannel.open(Path.of(located.files().get(segment.file())))) {
                assertThat(file.size()).as("file %s", located.files().get(segment.file()))
                        .isGreaterThanOrEqualTo(segment.fileOffset() + segment.length());
                ByteBuffer bytes = ByteBuffer.allocate((int) segment.length());
                while (bytes.hasRemaining()) {
                    file.read(bytes, segment.fileOffset() + bytes.position());
                }
                out.writeBytes(bytes.array());
            }
        }
        return out.toByteArray();
    }

    private static byte[] readSnapshot(Volume volume, long snapshot, List<Extent> extents) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Extent extent : extents) {
            out.writeBytes(volume.readSnapshot(snapshot, extent.offset(), (int) extent.length()));
        }
        return out.toByteArray();
    }

    /** The big-endian CRC32C of each sector of {@code content}. */
    private static byte[] crc32cs(byte[] content) {
        ByteBuffer sums = ByteBuffer.allocate(content.length / SECTOR * Integer.BYTES);
        for (int at = 0; at < content.length; at += SECTOR) {
            CRC32C crc = new CRC32C();
            crc.update(content, at, SECTOR);
            sums.putInt((int) crc.getValue());
        }
        return sums.array();
    }

    private static int crc32c(byte[] content) {
        return ByteBuffer.wrap(crc32cs(content)).getInt();
    }

    private static String absolute(Path file) {
        return file.toAbsolutePath().toString();
    }

    private Volume primary(String id) throws IOException {
        return store.create(new CreateVolume(id, SIZE, BLOCK, VolumeRole.PRIMARY));
    }

    private static void write(Volume volume, long offset, byte[] data) throws IOException {
        volume.write(offset, ByteBuffer.wrap(data));
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
