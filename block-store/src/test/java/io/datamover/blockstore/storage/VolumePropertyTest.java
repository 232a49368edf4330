package io.datamover.blockstore.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.blockstore.api.CreateVolume;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.blockstore.domain.Geometry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Copy-on-write on real files: whatever the order of writes, snapshots and deletions, every retained snapshot
 * reads as the volume was when it was taken.
 */
class VolumePropertyTest {

    private static final int BLOCKS = 16;

    /**
     * Writes cover whole sectors; blocks of one, four and sixteen sectors make them whole blocks, parts of blocks
     * and runs across block boundaries.
     */
    @Property(tries = 30)
    void everyRetainedSnapshotReadsAsTaken(
            @ForAll @Size(min = 5, max = 40) List<@IntRange(min = 0, max = 9) Integer> steps, @ForAll long seed,
            @ForAll @IntRange(min = 0, max = 2) int blockSizeExponent) throws IOException {
        int blockSize = Geometry.SECTOR_SIZE << (2 * blockSizeExponent);
        long size = (long) BLOCKS * blockSize;
        Path dataDir = Files.createTempDirectory("volume-property");
        Random random = new Random(seed);
        try (VolumeStore store = VolumeStore.open(dataDir, "test-site")) {
            Volume volume = store.create(new CreateVolume("prop", size, blockSize, VolumeRole.PRIMARY));
            VolumeModel model = new VolumeModel(size);
            for (int step : steps) {
                if (step < 6) {
                    VolumeModel.randomWrite(random, volume, model);
                } else if (step < 8) {
                    model.take(volume.snapshot().number());
                } else if (!model.snapshots().isEmpty()) {
                    List<Long> retained = new ArrayList<>(model.snapshots().keySet());
                    long victim = retained.get(random.nextInt(retained.size()));
                    volume.deleteSnapshot(victim);
                    model.delete(victim);
                }
            }
            for (Map.Entry<Long, byte[]> snapshot : model.snapshots().entrySet()) {
                assertThat(volume.readSnapshot(snapshot.getKey(), 0, (int) size)).isEqualTo(snapshot.getValue());
            }
            assertThat(volume.read(0, (int) size)).isEqualTo(model.live());
        } finally {
            deleteRecursively(dataDir);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(path);
            }
        }
    }
}
