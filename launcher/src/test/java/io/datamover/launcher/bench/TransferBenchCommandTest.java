package io.datamover.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad options are refused, naming the option, before any process starts or any file is touched. */
class TransferBenchCommandTest {

    @TempDir
    Path temp;

    @Test
    void shouldRejectMoreWrittenBytesThanTheLargeVolumeHolds() {
        assertRejected("--large-written", "--large-volume", "64MiB", "--large-written", "128MiB");
    }

    @Test
    void shouldRejectAVolumeSizeThatIsNotAMultipleOfFourMebibytes() {
        assertRejected("--volume-size", "--volume-size", "6000KiB");
    }

    @Test
    void shouldRejectFewerThanOneCycle() {
        assertRejected("--cycles", "--cycles", "0");
    }

    @Test
    void shouldRejectANegativeNumberOfWarmupCycles() {
        assertRejected("--warmup-cycles", "--warmup-cycles", "-1");
    }

    @Test
    void shouldRejectAWarmupVolumeThatIsNotAMultipleOfFourMebibytes() {
        assertRejected("--warmup-volume", "--warmup-volume", "1MiB");
    }

    @Test
    void shouldTakeAWarmupVolumeOfZeroAsNone() {
        TransferBenchCommand command = new TransferBenchCommand();
        new CommandLine(command).parseArgs("--warmup-volume", "0");

        assertThat(command.settings().warmupVolume()).isZero();
    }

    private void assertRejected(String option, String... args) {
        Path workDir = temp.resolve("bench");
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new TransferBenchCommand());
        command.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 2];
        all[0] = "--work-dir";
        all[1] = workDir.toString();
        System.arraycopy(args, 0, all, 2, args.length);

        int exit = command.execute(all);

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains(option);
        assertThat(Files.exists(workDir)).isFalse();
    }
}
