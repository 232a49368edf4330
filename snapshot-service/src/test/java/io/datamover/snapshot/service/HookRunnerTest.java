package io.datamover.snapshot.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HookRunnerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final HookRunner runner = new HookRunner();

    @Test
    void shouldRunTheArgvAsGivenWithTheExtraEnvironment() throws Exception {
        Path marker = dir.resolve("marker");

        HookRunner.Result result = runner.run(List.of("sh", "-c", "printf '%s|%s' \"$1\" \"$GROUP\" > " + marker,
                "hook", "two  words"), Map.of("GROUP", "shop"), TIMEOUT, "test hook");

        assertThat(result.succeeded()).isTrue();
        assertThat(result.exitCode()).isZero();
        assertThat(Files.readString(marker)).isEqualTo("two  words|shop");
    }

    @Test
    void shouldReportTheExitCodeWithTheLastOutput() {
        HookRunner.Result result = runner.run(List.of("sh", "-c", "echo starting; echo 'disk busy' >&2; exit 3"),
                Map.of(), TIMEOUT, "test hook");

        assertThat(result.succeeded()).isFalse();
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.timedOut()).isFalse();
        assertThat(result.failure()).contains("exited with code 3").contains("starting").contains("disk busy");
    }

    @Test
    void shouldKillAHookThatOutlivesItsTimeoutWithWhatItStarted() throws Exception {
        Path pid = dir.resolve("pid");
        long started = System.nanoTime();

        HookRunner.Result result = runner.run(List.of("sh", "-c", "sleep 60 & echo $! > " + pid + "; wait"),
                Map.of(), Duration.ofSeconds(1), "test hook");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
        assertThat(result.succeeded()).isFalse();
        assertThat(result.timedOut()).isTrue();
        assertThat(result.exitCode()).isNull();
        assertThat(result.failure()).contains("timed out after 1s");
        long sleeper = Long.parseLong(Files.readString(pid).trim());
        await().atMost(Duration.ofSeconds(10)).until(() -> !running(sleeper));
    }

    @Test
    void shouldReportACommandThatCannotBeStarted() {
        HookRunner.Result result = runner.run(List.of(dir.resolve("no-such-command").toString()), Map.of(), TIMEOUT,
                "test hook");

        assertThat(result.succeeded()).isFalse();
        assertThat(result.exitCode()).isNull();
        assertThat(result.failure()).contains("could not be started").contains("no-such-command");
    }

    /** Whether the process runs: a zombie, killed but not yet reaped, does not. */
    private static boolean running(long pid) throws IOException {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (NoSuchFileException e) {
            return false;
        }
    }
}
