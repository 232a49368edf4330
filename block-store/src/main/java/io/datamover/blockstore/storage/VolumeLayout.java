package io.datamover.blockstore.storage;

import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files of one volume under {@code <data-dir>/volumes/<id>/}: {@code volume.json}, the live {@code data}, and
 * per snapshot N {@code snap-N.cow} (blocks preserved by copy-on-write, at their volume offsets, sparse),
 * {@code snap-N.preserved}, {@code snap-N.changed} (written in epoch N) and {@code snap-N.allocated} (ever written
 * up to N); {@code open.dirty} holds the open epoch's changed blocks as of the last checkpoint, {@code open.log}
 * those written since (and the bytes of the workload writes among them), and {@code clean} marks a clean stop.
 */
record VolumeLayout(Path directory) {

    private static final Pattern SNAPSHOT_FILE = Pattern.compile("snap-(\\d+)\\..+");

    static VolumeLayout of(Path dataDir, String volumeId) {
        return new VolumeLayout(volumesDir(dataDir).resolve(volumeId));
    }

    static Path volumesDir(Path dataDir) {
        return dataDir.resolve("volumes");
    }

    /** {@code file} relative to the data directory, for messages. */
    String name(Path file) {
        return directory.getParent().getParent().relativize(file).toString();
    }

    Path metadata() {
        return directory.resolve("volume.json");
    }

    Path data() {
        return directory.resolve("data");
    }

    /** The sector checksums of {@link #data()}. */
    Path dataSums() {
        return directory.resolve("data.sums");
    }

    Path dirty() {
        return directory.resolve("open.dirty");
    }

    Path intentLog() {
        return directory.resolve("open.log");
    }

    /** The last epoch whose sector sums are durable, as decimal text. */
    Path sumsDurable() {
        return directory.resolve("sums.durable");
    }

    Path cleanStop() {
        return directory.resolve("clean");
    }

    Path cow(long snapshot) {
        return snapshotFile(snapshot, "cow");
    }

    /** The sector checksums of {@link #cow(long)}. */
    Path cowSums(long snapshot) {
        return snapshotFile(snapshot, "sums");
    }

    Path preserved(long snapshot) {
        return snapshotFile(snapshot, "preserved");
    }

    Path changed(long snapshot) {
        return snapshotFile(snapshot, "changed");
    }

    Path allocated(long snapshot) {
        return snapshotFile(snapshot, "allocated");
    }

    /** The snapshot number N of a file {@code snap-N.<kind>}, empty for the volume's other files. */
    static OptionalLong snapshotOf(Path file) {
        Matcher matcher = SNAPSHOT_FILE.matcher(file.getFileName().toString());
        return matcher.matches() ? OptionalLong.of(Long.parseLong(matcher.group(1))) : OptionalLong.empty();
    }

    private Path snapshotFile(long snapshot, String kind) {
        return directory.resolve("snap-" + snapshot + "." + kind);
    }
}
