package io.datamover.snapshot.service;

import jakarta.inject.Singleton;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs a hook: a local command, its argv as given (no shell), with the service's environment and
 * {@code extraEnvironment}, stdin closed, stdout and stderr into this service's log line by line.
 * One that outlives its timeout is killed with the processes it started.
 */
@Singleton
public class HookRunner {

    private static final Logger LOG = Logger.getLogger(HookRunner.class);
    private static final int TAIL_LINES = 5;
    /** How long the output of a hook that ended may take to be read to its end. */
    private static final Duration OUTPUT_GRACE = Duration.ofSeconds(2);

    /**
     * How a hook ended.
     *
     * @param exitCode null when it timed out or could not be started
     * @param failure why it failed, null when it exited with 0
     */
    public record Result(Integer exitCode, boolean timedOut, String failure) {

        public boolean succeeded() {
            return failure == null;
        }
    }

    /** @param subject what the hook is, for the log, e.g. {@code preHook of group shop at site stockholm} */
    public Result run(List<String> argv, Map<String, String> extraEnvironment, Duration timeout, String subject) {
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
        builder.environment().putAll(extraEnvironment);
        Process process;
        try {
            process = builder.start();
            process.getOutputStream().close();
        } catch (IOException e) {
            LOG.warnf("%s could not be started: %s", subject, e.getMessage());
            return new Result(null, false, "could not be started: " + e.getMessage());
        }
        OutputLog output = new OutputLog(process.getInputStream(), subject);
        Thread reader = new Thread(output, "hook-output");
        reader.setDaemon(true);
        reader.start();
        try {
            boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                kill(process);
            }
            reader.join(OUTPUT_GRACE.toMillis());
            return exited ? exited(process.exitValue(), output) : new Result(null, true,
                    "timed out after " + timeout.toSeconds() + "s and was killed" + output.tail());
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            return new Result(null, false, "interrupted, killed" + output.tail());
        }
    }

    private static Result exited(int exitCode, OutputLog output) {
        return exitCode == 0 ? new Result(0, false, null)
                : new Result(exitCode, false, "exited with code " + exitCode + output.tail());
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Logs a hook's output line by line and keeps its last lines. */
    private static final class OutputLog implements Runnable {

        private final InputStream output;
        private final String subject;
        private final Deque<String> last = new ArrayDeque<>();

        OutputLog(InputStream output, String subject) {
            this.output = output;
            this.subject = subject;
        }

        @Override
        public void run() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    LOG.infof("%s: %s", subject, line);
                    keep(line);
                }
            } catch (IOException e) {
                LOG.debugf("stopped reading the output of %s: %s", subject, e.getMessage());
            }
        }

        private synchronized void keep(String line) {
            last.addLast(line);
            if (last.size() > TAIL_LINES) {
                last.removeFirst();
            }
        }

        /** The last lines of output, as a suffix of a message; empty when there were none. */
        synchronized String tail() {
            return last.isEmpty() ? "" : "; last output: " + String.join(" | ", last);
        }
    }
}
