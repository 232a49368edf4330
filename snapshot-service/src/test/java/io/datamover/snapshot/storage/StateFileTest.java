package io.datamover.snapshot.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datamover.snapshot.domain.Group;
import io.datamover.snapshot.domain.Protection;
import io.datamover.snapshot.domain.RemoteHooks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFileTest {

    @TempDir
    Path dataDir;

    @Test
    void shouldReloadTheSavedProtections() {
        List<Protection> protections = List.of(
                new Protection("db", 30, 5, List.of("falkenberg")),
                new Protection("logs", 1, 2, List.of("falkenberg", "oslo")));
        StateFile.protections(dataDir).save(protections);

        assertThat(StateFile.protections(dataDir).load()).containsExactlyElementsOf(protections);
    }

    @Test
    void shouldReloadTheSavedGroupsWithAndWithoutHooks() {
        List<Group> groups = List.of(
                new Group("shop", List.of("shop-db", "shop-files"), 60, 3, List.of("falkenberg"),
                        List.of("fsfreeze", "--freeze", "/data"), List.of("fsfreeze", "--unfreeze", "/data"), 10),
                new Group("wiki", List.of("wiki-db"), 300, 5, List.of("oslo"), null, null, 30, null, -20));
        StateFile.groups(dataDir).save(groups);

        assertThat(StateFile.groups(dataDir).load()).containsExactlyElementsOf(groups);
        assertThat(StateFile.protections(dataDir).load()).isEmpty();
    }

    @Test
    void shouldReloadAGroupWithRemoteHooksAndReadOneSavedBeforeThem() throws IOException {
        Group remote = new Group("shop", List.of("shop-db"), 60, 3, List.of("falkenberg"), null, null, 30,
                new RemoteHooks(new RemoteHooks.Phase(20), null));
        StateFile.groups(dataDir).save(List.of(remote));

        assertThat(StateFile.groups(dataDir).load()).containsExactly(remote);

        Files.writeString(dataDir.resolve(StateFile.GROUPS), "[{\"groupId\": \"wiki\", \"volumeIds\":"
                + " [\"wiki-db\"], \"intervalSeconds\": 300, \"retain\": 5, \"targetSites\": [\"oslo\"],"
                + " \"hookTimeoutSeconds\": 30}]");
        assertThat(StateFile.groups(dataDir).load()).containsExactly(new Group("wiki", List.of("wiki-db"), 300, 5,
                List.of("oslo"), null, null, 30));
        assertThat(StateFile.groups(dataDir).load().get(0).priority()).as("saved before the priority").isZero();
    }

    @Test
    void shouldHaveNothingBeforeTheFirstSave() {
        assertThat(StateFile.protections(dataDir.resolve("new")).load()).isEmpty();
        assertThat(StateFile.groups(dataDir.resolve("new")).load()).isEmpty();
    }

    @Test
    void shouldReplaceTheFileLeavingNoTemporaryFilesBehind() throws IOException {
        StateFile<Protection> file = StateFile.protections(dataDir);
        file.save(List.of(new Protection("db", 30, 5, List.of("falkenberg"))));
        file.save(List.of());

        assertThat(file.load()).isEmpty();
        try (var files = Files.list(dataDir)) {
            assertThat(files).containsExactly(dataDir.resolve(StateFile.PROTECTIONS));
        }
    }

    @Test
    void shouldNameTheFileWhenItCannotBeRead() throws IOException {
        Files.writeString(dataDir.resolve(StateFile.PROTECTIONS), "[{\"volumeId\": \"db\", \"intervalSeconds\": 0,"
                + " \"retain\": 1, \"targetSites\": [\"oslo\"]}]");

        assertThatThrownBy(() -> StateFile.protections(dataDir).load())
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(StateFile.PROTECTIONS)
                .hasMessageContaining("intervalSeconds");
    }

    @Test
    void shouldRefuseAGroupFileThatPutsAVolumeInTwiceNamingTheField() throws IOException {
        Files.writeString(dataDir.resolve(StateFile.GROUPS), "[{\"groupId\": \"shop\", \"volumeIds\": [\"a\", \"a\"],"
                + " \"intervalSeconds\": 60, \"retain\": 1, \"targetSites\": [\"oslo\"], \"hookTimeoutSeconds\": 30}]");

        assertThatThrownBy(() -> StateFile.groups(dataDir).load())
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(StateFile.GROUPS)
                .hasMessageContaining("volumeIds");
    }
}
