package io.datamover.snapshot.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datamover.snapshot.domain.Protection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProtectionFileTest {

    @TempDir
    Path dataDir;

    @Test
    void shouldReloadTheSavedProtections() {
        List<Protection> protections = List.of(
                new Protection("db", 30, 5, List.of("falkenberg")),
                new Protection("logs", 1, 2, List.of("falkenberg", "oslo")));
        new ProtectionFile(dataDir).save(protections);

        assertThat(new ProtectionFile(dataDir).load()).containsExactlyElementsOf(protections);
    }

    @Test
    void shouldHaveNoProtectionsBeforeTheFirstSave() {
        assertThat(new ProtectionFile(dataDir.resolve("new")).load()).isEmpty();
    }

    @Test
    void shouldReplaceTheFileLeavingNoTemporaryFilesBehind() throws IOException {
        ProtectionFile file = new ProtectionFile(dataDir);
        file.save(List.of(new Protection("db", 30, 5, List.of("falkenberg"))));
        file.save(List.of());

        assertThat(file.load()).isEmpty();
        try (var files = Files.list(dataDir)) {
            assertThat(files).containsExactly(dataDir.resolve(ProtectionFile.NAME));
        }
    }

    @Test
    void shouldNameTheFileWhenItCannotBeRead() throws IOException {
        Files.writeString(dataDir.resolve(ProtectionFile.NAME), "[{\"volumeId\": \"db\", \"intervalSeconds\": 0,"
                + " \"retain\": 1, \"targetSites\": [\"oslo\"]}]");

        assertThatThrownBy(() -> new ProtectionFile(dataDir).load())
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(ProtectionFile.NAME)
                .hasMessageContaining("intervalSeconds");
    }
}
