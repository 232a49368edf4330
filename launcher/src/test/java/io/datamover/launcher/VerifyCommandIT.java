package io.datamover.launcher;

import static io.datamover.runtime.FileDamage.flipByte;
import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.runtime.ServiceProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./datamover verify} against the block store running as a process. */
class VerifyCommandIT {

    private static final int BLOCK = 64 * 1024;

    @TempDir
    Path dataDir;

    private ServiceProcess store;
    private BlockStoreClient client;
    private final StringWriter out = new StringWriter();

    @BeforeEach
    void startStore() {
        store = ServiceProcess.builder("block-store")
                .property("datamover.site", "verify-site")
                .property("datamover.data-dir", dataDir.toString())
                .jvmOption("-Xmx256m")
                .logFile(Path.of("target", "verify-it", "block-store.log"))
                .build()
                .start();
        client = BlockStoreClient.of(store.url());
        client.createVolume("db", 32L * BLOCK, BLOCK, VolumeRole.PRIMARY);
        byte[] content = new byte[4 * BLOCK];
        new Random(5).nextBytes(content);
        client.write("db", 8L * BLOCK, content);
        client.createSnapshot("db");
    }

    @AfterEach
    void stopStore() {
        store.close();
    }

    @Test
    void shouldExitZeroAndPrintTheDigestOfAnIntactSnapshot() {
        int exit = run("verify", "--store-url", store.url().toString(), "--volume", "db", "--snapshot", "1");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("snapshot 1 of db: 2.0 MiB checked")
                .contains("every sector matches its checksum")
                .contains("sha256 " + client.digest("db", 1).digest());
    }

    @Test
    void shouldExitOneAndListTheCorruptBlockWhenTheDataChangedBehindTheStoresBack() throws IOException {
        flipByte(dataDir.resolve("volumes/db/data"), 10L * BLOCK + 77);

        int exit = run("verify", "--store-url", store.url().toString(), "--volume", "db");

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).contains("live volume db").contains("1 corrupt blocks")
                .containsPattern("\\s+10\\s+" + 10L * BLOCK + "\\s+1\\s+volumes/db/data");
    }

    @Test
    void shouldPrintTheReportAsJsonForScripts() {
        int exit = run("verify", "--store-url", store.url().toString(), "--volume", "db", "--snapshot", "1",
                "--json");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("\"intact\" : true").contains("\"corruptBlockCount\" : 0");
    }

    @Test
    void shouldNameAnUnknownVolume() {
        StringWriter err = new StringWriter();
        var cli = Datamover.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("verify", "--store-url", store.url().toString(), "--volume", "nope");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("nope");
    }

    private int run(String... args) {
        var cli = Datamover.commandLine();
        cli.setOut(new PrintWriter(out));
        return cli.execute(args);
    }
}
