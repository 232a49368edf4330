package io.datamover.launcher.cluster;

import io.datamover.runtime.Ports;
import io.datamover.runtime.ServiceProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Several sites on this machine: a real single-node KRaft Kafka broker as a process, and per site
 * a block store and the four services, each a process of its own. Closing it stops them all, in
 * reverse order; so does a shutdown of the JVM (Ctrl-C).
 */
public final class LocalCluster implements AutoCloseable {

    private static final Duration BROKER_START_TIMEOUT = Duration.ofSeconds(120);
    /** The environment variable with extra JVM options for every service. */
    public static final String SERVICE_OPTS = "DATAMOVER_SERVICE_OPTS";
    public static final String KAFKA_OPTS = "DATAMOVER_KAFKA_OPTS";
    private static final String SERVICE_HEAP = "-Xmx256m";
    private static final String DATA_HEAP = "-Xmx768m";
    private static final String BROKER_HEAP = "-Xmx512m";
    /**
     * The broker and the services off the data path compile with C1 only: on a small machine the C2 compiler
     * threads of eleven fresh JVMs take a large share of the CPU that a first copy needs (measured on 2 cores:
     * half of the broker's CPU during the first minute). The block stores and transfer-services keep C2, whose
     * intrinsics (SHA-256 among them) the data path needs.
     */
    private static final String QUICK_JIT = "-XX:TieredStopAtLevel=1";
    private static final String BLOCK_STORE = "block-store";
    /** Held in the work dir while a cluster runs there, so that a second run cannot empty it under the first. */
    static final String LOCK_FILE = ".lock";

    private final Path workDir;
    private final PrintStream out;
    private final List<ServiceProcess> services = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, SiteEndpoints> sites = new LinkedHashMap<>();
    private final Thread shutdownHook = new Thread(this::interrupted, "local-cluster-shutdown");
    private Process broker;
    private String bootstrapServers;
    private FileChannel lock;

    private LocalCluster(Path workDir, PrintStream out) {
        this.workDir = workDir.toAbsolutePath();
        this.out = out;
    }

    /** Empties {@code workDir} and starts the broker and every site's processes; returns when all are ready. */
    public static LocalCluster start(Path workDir, List<String> siteIds, PrintStream out) throws IOException {
        LocalCluster cluster = new LocalCluster(workDir, out);
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
        try {
            cluster.prepare();
            cluster.startBroker();
            cluster.startSites(siteIds);
            new ClusterInfo(cluster.bootstrapServers, List.copyOf(cluster.sites.values())).write(cluster.workDir);
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public SiteEndpoints site(String id) {
        SiteEndpoints site = sites.get(id);
        if (site == null) {
            throw new IllegalArgumentException("no site '" + id + "' in this cluster: " + sites.keySet());
        }
        return site;
    }

    /**
     * Kills processes of {@code site} at once (SIGKILL), as a power cut would: those of {@code modules}, or every one
     * of the site when none is named.
     */
    public void kill(String site, String... modules) {
        site(site);
        List<String> named = List.of(modules);
        List<ServiceProcess> victims;
        synchronized (services) {
            victims = services.stream().filter(p -> siteOf(p).equals(site))
                    .filter(p -> named.isEmpty() || named.contains(p.module())).toList();
        }
        victims.parallelStream().forEach(ServiceProcess::kill);
        out.printf("   killed %s at %s%n", victims.stream().map(ServiceProcess::module).toList(), site);
    }

    /**
     * Starts again every process of {@code site} that is not running (killed), on its port, with its properties and
     * data directory, appending to its log: the block store first, then the services, as at the start. Returns when
     * they are ready.
     */
    public void restart(String site) {
        site(site);
        List<List<ServiceProcess>> stages;
        synchronized (services) {
            stages = restartStages(services, site);
        }
        out.printf("   restarting %s at %s%n", stages.stream().flatMap(List::stream).map(ServiceProcess::module)
                .toList(), site);
        stages.stream().filter(stage -> !stage.isEmpty()).forEach(this::startAll);
    }

    /** The processes of {@code site} that are not running, in the order they start: block stores, then the rest. */
    static List<List<ServiceProcess>> restartStages(List<ServiceProcess> processes, String site) {
        List<ServiceProcess> stopped = processes.stream()
                .filter(p -> siteOf(p).equals(site) && !p.isAlive()).toList();
        return List.of(stopped.stream().filter(p -> p.module().equals(BLOCK_STORE)).toList(),
                stopped.stream().filter(p -> !p.module().equals(BLOCK_STORE)).toList());
    }

    private void prepare() throws IOException {
        Files.createDirectories(workDir);
        lockWorkDir();
        try (Stream<Path> paths = Files.walk(workDir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (!path.equals(workDir) && !path.equals(workDir.resolve(LOCK_FILE))) {
                    Files.delete(path);
                }
            }
        }
        Files.createDirectories(workDir.resolve("logs"));
    }

    /** Locks the work dir for this run, or fails naming the process that holds it, before anything is deleted. */
    private void lockWorkDir() throws IOException {
        Path file = workDir.resolve(LOCK_FILE);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        boolean locked;
        try {
            locked = channel.tryLock() != null;
        } catch (OverlappingFileLockException e) {
            locked = false;
        }
        if (!locked) {
            channel.close();
            String holder = Files.readString(file).trim();
            throw new IllegalStateException("the work dir " + workDir + " is in use by another run"
                    + (holder.isEmpty() ? "" : " (" + holder + ")") + ": stop it first or choose another work dir");
        }
        channel.truncate(0).write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + ", started "
                + Instant.now()).getBytes(StandardCharsets.UTF_8)));
        lock = channel;
    }

    private void startBroker() throws IOException {
        Path readyFile = workDir.resolve("kafka/ready");
        Path log = workDir.resolve("logs/kafka.log");
        out.printf("   kafka          starting (log %s)%n", workDir.relativize(log));
        List<String> command = new ArrayList<>(List.of(javaCommand(), BROKER_HEAP, QUICK_JIT));
        command.addAll(brokerJvmOptions());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.datamover.runtime.BrokerMain",
                "--data-dir", workDir.resolve("kafka/data").toString(), "--ready-file", readyFile.toString()));
        broker = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Instant deadline = Instant.now().plus(BROKER_START_TIMEOUT);
        while (!Files.isRegularFile(readyFile)) {
            if (!broker.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the Kafka broker did not start; see " + log);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        bootstrapServers = Files.readString(readyFile).trim();
        out.printf("   kafka          ready at %s%n", bootstrapServers);
    }

    private void startSites(List<String> siteIds) {
        Map<String, Map<String, Integer>> ports = new LinkedHashMap<>();
        for (String site : siteIds) {
            Map<String, Integer> sitePorts = new LinkedHashMap<>();
            for (String module : List.of("block-store", "snapshot-service", "cbt-service", "transfer-service",
                    "placement-service")) {
                sitePorts.put(module, Ports.free());
            }
            ports.put(site, sitePorts);
            sites.put(site, new SiteEndpoints(site, url(sitePorts, "block-store"), url(sitePorts, "snapshot-service"),
                    url(sitePorts, "cbt-service"), url(sitePorts, "transfer-service"),
                    url(sitePorts, "placement-service")));
        }
        List<ServiceProcess> stores = new ArrayList<>();
        List<ServiceProcess> rest = new ArrayList<>();
        for (String site : siteIds) {
            SiteConfig config = new SiteConfig(site, workDir.resolve("sites").resolve(site), bootstrapServers,
                    ports.get(site), sites);
            stores.add(service(config, BLOCK_STORE, DATA_HEAP));
            rest.add(service(config, "snapshot-service", SERVICE_HEAP, QUICK_JIT));
            rest.add(service(config, "cbt-service", SERVICE_HEAP, QUICK_JIT));
            rest.add(service(config, "transfer-service", DATA_HEAP));
            rest.add(service(config, "placement-service", SERVICE_HEAP, QUICK_JIT));
        }
        startAll(stores);
        startAll(rest);
    }

    private ServiceProcess service(SiteConfig config, String module, String... jvmOptions) {
        Path log = workDir.resolve("logs").resolve(config.site() + "-" + module + ".log");
        ServiceProcess.Builder builder = ServiceProcess.builder(module)
                .port(config.port(module))
                .properties(config.properties(module))
                .jvmOption("-XX:+UseSerialGC");
        for (String option : jvmOptions) {
            builder.jvmOption(option);
        }
        for (String option : extraJvmOptions(module)) {
            builder.jvmOption(option);
        }
        return builder.logFile(log).build();
    }

    /**
     * Options for a service's JVM, e.g. to profile it or to raise a log level: those of {@value #SERVICE_OPTS} for
     * every service, then those of {@code DATAMOVER_<MODULE>_OPTS} for one ({@code DATAMOVER_TRANSFER_SERVICE_OPTS}
     * for the transfer-services); each split at white space.
     */
    static List<String> extraJvmOptions(String module) {
        String moduleVariable = "DATAMOVER_" + module.toUpperCase(Locale.ROOT).replace('-', '_') + "_OPTS";
        List<String> options = new ArrayList<>();
        for (String variable : List.of(SERVICE_OPTS, moduleVariable)) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                options.addAll(List.of(value.trim().split("\\s+")));
            }
        }
        return options;
    }

    /** Options for the broker's JVM, e.g. to profile it: those of {@value #KAFKA_OPTS}, split at white space. */
    static List<String> brokerJvmOptions() {
        String value = System.getenv(KAFKA_OPTS);
        return value == null || value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
    }

    private void startAll(List<ServiceProcess> processes) {
        ExecutorService starter = Executors.newFixedThreadPool(processes.size());
        try {
            List<Future<?>> started = new ArrayList<>();
            for (ServiceProcess process : processes) {
                if (!services.contains(process)) {
                    services.add(process);
                }
                started.add(starter.submit(() -> {
                    process.start();
                    out.printf("   %-40s ready at %s%n", label(process), process.url());
                }));
            }
            for (Future<?> future : started) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the services", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
        } finally {
            starter.shutdownNow();
        }
    }

    /**
     * The CPU time each process has used so far (user and system, read from the operating system), by label:
     * {@code kafka}, then {@code <site> <module>}. A process that is not running counts what it used until it ended,
     * as far as the operating system still tells (else nothing).
     */
    public synchronized Map<String, Duration> cpuTimes() {
        Map<String, Duration> times = new LinkedHashMap<>();
        if (broker != null) {
            times.put("kafka", cpuTime(broker.toHandle()));
        }
        for (ServiceProcess process : services) {
            times.put(label(process), ProcessHandle.of(process.pid()).map(LocalCluster::cpuTime).orElse(Duration.ZERO));
        }
        return times;
    }

    private static Duration cpuTime(ProcessHandle process) {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    private String label(ServiceProcess process) {
        return siteOf(process) + " " + process.module();
    }

    /** The site of a process, from its log file's name ({@code <site>-<module>.log}). */
    private static String siteOf(ServiceProcess process) {
        String log = process.logFile().getFileName().toString();
        return log.substring(0, log.length() - (process.module() + ".log").length() - 1);
    }

    private static URI url(Map<String, Integer> ports, String module) {
        return URI.create("http://127.0.0.1:" + ports.get(module));
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void interrupted() {
        out.println("== Interrupted: stopping the services and Kafka");
        stopAll();
    }

    private synchronized void stopAll() {
        List<ServiceProcess> running = new ArrayList<>(services);
        Collections.reverse(running);
        ServiceProcess.stopAll(running);
        services.clear();
        if (broker != null && broker.isAlive()) {
            broker.destroy();
            try {
                if (!broker.waitFor(15, TimeUnit.SECONDS)) {
                    broker.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                broker.destroyForcibly();
            }
        }
        try {
            Files.deleteIfExists(workDir.resolve(ClusterInfo.FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stopAll();
        if (lock != null) {
            try {
                lock.close();
            } catch (IOException e) {
                out.printf("   could not release the lock of %s: %s%n", workDir, e.getMessage());
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down and runs the hook itself
        }
    }
}
