package io.datamover.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DatamoverCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Datamover.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void shouldExplainEveryCommandInHelp() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("demo", "status", "switchover").containsPattern("(?m)^ +metrics +Publishes");
        assertThat(run("demo", "--help")).isZero();
        assertThat(out.toString()).contains("--volume-size", "--cycles", "--report", "--interval");
        assertThat(run("metrics", "--help")).isZero();
        assertThat(out.toString()).contains("--site", "--power-available-kw", "--power-draw-kw",
                "--cooling-capacity-kw", "--heat-load-kw", "--bootstrap-servers", "--work-dir", "--json");
    }

    @Test
    void shouldRejectAVolumeSizeThatIsNotASize() {
        assertThat(run("demo", "--volume-size", "lots")).isEqualTo(2);
        assertThat(err.toString()).contains("--volume-size").contains("'lots' is not a size");
    }

    @Test
    void shouldRejectAVolumeSizeThatIsNotAMultipleOfTheBlockSize() {
        assertThat(run("demo", "--volume-size", "1000000")).isEqualTo(2);
        assertThat(err.toString()).contains("--volume-size must be a multiple of the block size");
    }

    @Test
    void shouldRejectAnInvalidVolumeId() {
        assertThat(run("demo", "--volume-id", "../etc")).isEqualTo(2);
        assertThat(err.toString()).contains("--volume-id '../etc' is not a valid id");
    }

    @Test
    void shouldRejectZeroCycles() {
        assertThat(run("demo", "--cycles", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--cycles must be at least 1");
    }

    @Test
    void shouldSayWhatWentWrongWithAFileNotJustItsName() {
        assertThat(Datamover.describe(new NoSuchFileException("/work/kafka/combined_0_0")))
                .isEqualTo("/work/kafka/combined_0_0: no such file or directory (NoSuchFileException)");
        assertThat(Datamover.describe(new FileSystemException("/work/a", "/work/b", "Read-only file system")))
                .isEqualTo("/work/a: Read-only file system (and /work/b) (FileSystemException)");
        assertThat(Datamover.describe(new IllegalStateException("the broker did not start")))
                .isEqualTo("the broker did not start");
        assertThat(Datamover.describe(new NullPointerException())).isEqualTo("java.lang.NullPointerException");
    }

    @Test
    void shouldParseAndFormatSizes() {
        assertThat(ByteSize.parse("1GiB")).isEqualTo(1L << 30);
        assertThat(ByteSize.parse("64KiB")).isEqualTo(65536);
        assertThat(ByteSize.parse("512m")).isEqualTo(512L << 20);
        assertThat(ByteSize.parse("4096")).isEqualTo(4096);
        assertThat(ByteSize.format(1L << 30)).isEqualTo("1.0 GiB");
        assertThat(ByteSize.format(100)).isEqualTo("100 B");
        assertThatThrownBy(() -> ByteSize.parse("99999999999T")).hasMessageContaining("too large");
    }
}
