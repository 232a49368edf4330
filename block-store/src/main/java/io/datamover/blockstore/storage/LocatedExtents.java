package io.datamover.blockstore.storage;

import io.datamover.blockstore.api.ExtentLocations;
import io.datamover.blockstore.api.ExtentLocations.Segment;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds an {@link ExtentLocations} run by run, in the order of the extents' bytes: each file listed once, the
 * sums appended. A run is the blocks of one holder, so two runs in a row never share a file: no merging is needed.
 */
final class LocatedExtents {

    private final Map<String, Integer> files = new LinkedHashMap<>();
    private final List<Segment> segments = new ArrayList<>();
    private final ByteArrayOutputStream sums = new ByteArrayOutputStream();

    /** Bytes {@code [offset, offset + length)} lie at the same offset of {@code file}; {@code crc32cs} are theirs. */
    void add(Path file, long offset, long length, ByteBuffer crc32cs) {
        segment(file.toString(), offset, offset, length);
        sums.write(crc32cs.array(), crc32cs.arrayOffset() + crc32cs.position(), crc32cs.remaining());
    }

    /** Appends what was located elsewhere: a clone's origin. */
    void add(ExtentLocations located) {
        for (Segment segment : located.segments()) {
            segment(located.files().get(segment.file()), segment.fileOffset(), segment.volumeOffset(),
                    segment.length());
        }
        sums.writeBytes(located.sums());
    }

    ExtentLocations build() {
        return new ExtentLocations(List.copyOf(files.keySet()), segments, sums.toByteArray());
    }

    private void segment(String file, long fileOffset, long volumeOffset, long length) {
        segments.add(new Segment(files.computeIfAbsent(file, f -> files.size()), fileOffset, volumeOffset, length));
    }
}
