package io.datamover.blockstore.storage;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.datamover.blockstore.domain.VolumeMetadata;
import io.datamover.events.EventJson;
import java.io.IOException;
import java.nio.file.Path;

/** Reads and durably replaces a volume's {@code volume.json}. */
final class MetadataFile {

    private static final ObjectMapper MAPPER = EventJson.mapper();

    private MetadataFile() {
    }

    static VolumeMetadata read(Path file) throws IOException {
        return MAPPER.readValue(file.toFile(), VolumeMetadata.class);
    }

    static void write(Path file, VolumeMetadata metadata) throws IOException {
        AtomicFiles.write(file, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(metadata));
    }
}
