package io.datamover.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RsyncTest {

    @TempDir
    Path temp;

    @Test
    void shouldFindTheFirstExecutableRsyncOnThePath() throws Exception {
        Path empty = Files.createDirectories(temp.resolve("empty"));
        Path notExecutable = Files.createDirectories(temp.resolve("plain"));
        Files.writeString(notExecutable.resolve("rsync"), "");
        Path bin = Files.createDirectories(temp.resolve("bin"));
        Files.writeString(bin.resolve("rsync"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(bin.resolve("rsync"), PosixFilePermissions.fromString("rwxr-xr-x"));

        String path = String.join(File.pathSeparator, empty.toString(), "", notExecutable.toString(), bin.toString());

        assertThat(Rsync.find(path)).contains(bin.resolve("rsync"));
    }

    @Test
    void shouldReportRsyncMissingWhereNoDirectoryOfThePathHoldsIt() throws Exception {
        Path empty = Files.createDirectories(temp.resolve("empty"));

        assertThat(Rsync.find(empty.toString())).isEmpty();
        assertThat(Rsync.find(null)).isEmpty();
    }

    @Test
    void shouldTimeAnRsyncRunAndFailNamingTheCommandAndItsLogWhenItFails() throws Exception {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        Path fake = bin.resolve("rsync");
        Files.writeString(fake, "#!/bin/sh\necho \"called with $*\"\n[ \"$1\" = ok ]\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path log = temp.resolve("rsync.log");
        Rsync rsync = new Rsync(fake, log);

        assertThat(rsync.run(temp, List.of("ok", "a", "b"))).isPositive();
        assertThat(Files.readString(log)).contains("called with ok a b");
        assertThatThrownBy(() -> rsync.run(temp, List.of("fail", "a")))
                .hasMessageContaining(fake + " fail a exited with 1").hasMessageContaining(log.toString());
    }
}
