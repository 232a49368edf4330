package io.datamover.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A Quarkus service of this repository running as a child JVM
 * ({@code <module>/target/quarkus-app/quarkus-run.jar}) on a free port, with its output in a log
 * file. {@link #start()} returns once the service is ready; it can be started again after
 * {@link #stop()} or {@link #kill()}, on the same port, so that its peers keep their URL.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final int LOG_TAIL_LINES = 30;

    private final String module;
    private final Path jar;
    private final Map<String, String> properties;
    private final List<String> jvmOptions;
    private final Path logFile;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    private ServiceProcess(Builder builder) {
        this.module = builder.module;
        this.jar = builder.repoRoot.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        this.port = builder.port != 0 ? builder.port : Ports.free();
        this.properties = new LinkedHashMap<>(builder.properties);
        this.properties.put("quarkus.http.port", Integer.toString(port));
        this.jvmOptions = List.copyOf(builder.jvmOptions);
        this.logFile = Objects.requireNonNull(builder.logFile, "logFile");
    }

    /** A service of the given module (e.g. {@code block-store}) of the repository found by {@link RepoRoot#find()}. */
    public static Builder builder(String module) {
        return new Builder(module);
    }

    /** Starts the JVM and waits until the service is ready. */
    public synchronized ServiceProcess start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(module + " is already running as pid " + process.pid());
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("cannot start " + module + ": " + jar
                    + " does not exist; build it first with ./mvnw package -DskipTests");
        }
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            process = new ProcessBuilder(command())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + module + " (log " + logFile + ")", e);
        }
        awaitReady();
        return this;
    }

    private List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw failure("exited with code " + process.exitValue() + " while starting");
            }
            if (isReady(ready)) {
                return;
            }
            LockSupport.parkNanos(POLL_INTERVAL.toNanos());
        }
        process.destroyForcibly();
        throw failure("was not ready within " + START_TIMEOUT.toSeconds() + " s");
    }

    /** Ready when the health check says so, or, for a service without one (404), when it answers at all. */
    private boolean isReady(HttpRequest request) {
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status == 200 || status == 404;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + module + " to start", e);
        }
    }

    private IllegalStateException failure(String what) {
        return new IllegalStateException(module + " on port " + port + " " + what + "; last lines of " + logFile
                + ":\n" + logTail());
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(cannot read the log: " + e.getMessage() + ")";
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public String module() {
        return module;
    }

    public Path logFile() {
        return logFile;
    }

    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException(module + " has not been started");
        }
        return process.pid();
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Asks the service to stop (SIGTERM), and kills it if it has not stopped within 10 s. */
    public void stop() {
        stopAll(List.of(this));
    }

    /**
     * Asks every service to stop at once (SIGTERM), then waits for each, killing those that have not stopped within
     * 10 s: their shutdowns overlap instead of queueing one behind the other.
     */
    public static void stopAll(Collection<ServiceProcess> services) {
        services.forEach(ServiceProcess::askToStop);
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        services.forEach(service -> service.awaitStopped(deadline));
    }

    private synchronized void askToStop() {
        if (process != null && process.isAlive()) {
            process.destroy();
        }
    }

    private synchronized void awaitStopped(long deadline) {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Kills the service at once (SIGKILL), as a crash would. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        try {
            process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** How to run a service: its module, {@code -D} properties, JVM options, log file and optionally a fixed port. */
    public static final class Builder {

        private final String module;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final List<String> jvmOptions = new ArrayList<>();
        private Path repoRoot;
        private Path logFile;
        private int port;

        private Builder(String module) {
            this.module = Objects.requireNonNull(module, "module");
        }

        /** A system property of the service ({@code -Dkey=value}). */
        public Builder property(String key, String value) {
            properties.put(key, value);
            return this;
        }

        public Builder properties(Map<String, String> values) {
            properties.putAll(values);
            return this;
        }

        /** A JVM option such as {@code -Xmx256m}. */
        public Builder jvmOption(String option) {
            jvmOptions.add(option);
            return this;
        }

        public Builder logFile(Path file) {
            this.logFile = file;
            return this;
        }

        /** The HTTP port; a free one by default. */
        public Builder port(int value) {
            this.port = value;
            return this;
        }

        /** The repository holding the module; {@link RepoRoot#find()} by default. */
        public Builder repoRoot(Path dir) {
            this.repoRoot = dir;
            return this;
        }

        /** The process, not yet started. */
        public ServiceProcess build() {
            if (repoRoot == null) {
                repoRoot = RepoRoot.find();
            }
            return new ServiceProcess(this);
        }
    }
}
