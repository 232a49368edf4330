package io.datamover.launcher.demo;

import io.datamover.events.Fields;
import io.datamover.launcher.ByteSize;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ./datamover demo}: two sites on this machine, a volume replicated cycle after cycle, verified; or a story. */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Starts a real single-node Kafka broker and, for the sites stockholm and falkenberg, a block store",
            "and the snapshot, cbt, transfer and placement services, each as its own process. Creates a volume",
            "at stockholm, fills it, runs a workload of random writes and replicates it to falkenberg for",
            "--cycles snapshot cycles, shipping only changed blocks. Then checks the falkenberg replica bit for",
            "bit against the stockholm snapshot it claims to hold. Exits 1 if the check fails.",
            "",
            "--scenario switchover: a group of two volumes (half of --volume-size each) is replicated while an",
            "application writes to it; then stockholm's cooling runs short, placement moves the group to",
            "falkenberg, the application goes on writing there, and falkenberg is checked against the final",
            "snapshot. The report gains the switchover's trigger, downtime and final delta.",
            "",
            "--scenario failover: the same group and application; then every process of stockholm is killed",
            "at once (a power cut). Falkenberg's placement fails the group over to the last snapshots both",
            "sites hold and the application goes on writing there. Stockholm's processes start again: it",
            "rejoins as a replica at those snapshots and is resynced with the blocks that differ only; both",
            "copies are then checked bit for bit. The report gains the failover (its trigger with the",
            "data-loss window, the time to promotion) and the resync (shipped, diverged and volume bytes)."})
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--volume-size", defaultValue = "1GiB", converter = ByteSize.class,
            description = "Size of the volume (e.g. 1GiB, 256MiB). Default: ${DEFAULT-VALUE}.")
    long volumeBytes;

    @Option(names = "--block-size", defaultValue = "64KiB", converter = ByteSize.class,
            description = "Block size of the volume. Default: ${DEFAULT-VALUE}.")
    long blockSize;

    @Option(names = "--cycles", defaultValue = "3",
            description = "Incremental cycles to replicate after the first copy. Default: ${DEFAULT-VALUE}.")
    int cycles;

    @Option(names = "--interval", defaultValue = "5",
            description = "Seconds between snapshots. Default: ${DEFAULT-VALUE}.")
    int intervalSeconds;

    @Option(names = "--change-percent", defaultValue = "1.0",
            description = "Share of the volume's blocks the workload rewrites per interval. Default: ${DEFAULT-VALUE}.")
    double changePercent;

    /** The stories the demo tells. */
    enum Scenario {
        replicate,
        switchover,
        failover
    }

    @Option(names = "--scenario", defaultValue = "replicate",
            description = "The story: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Scenario scenario;

    @Option(names = "--report", paramLabel = "FILE", description = "Write the results as JSON to FILE.")
    Path report;

    @Option(names = "--work-dir", defaultValue = ".datamover/demo",
            description = "Where volumes, Kafka logs and service logs go; emptied first. Default: ${DEFAULT-VALUE}.")
    Path workDir;

    @Option(names = "--volume-id", defaultValue = "demo-volume", description = "Id of the volume. Default: ${DEFAULT-VALUE}.")
    String volumeId;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the random data. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--timeout", defaultValue = "20",
            description = "Minutes after which the demo gives up. Default: ${DEFAULT-VALUE}.")
    int timeoutMinutes;

    @Override
    public Integer call() throws Exception {
        DemoSettings settings = settings();
        DemoRun run = new DemoRun(settings, System.out);
        DemoReport result = switch (scenario) {
            case replicate -> run.run();
            case switchover -> run.run(new SwitchoverScenario(settings, System.out)::run);
            case failover -> run.run(new FailoverScenario(settings, System.out)::run);
        };
        if (report != null) {
            result.write(report);
            System.out.println("Report written to " + report.toAbsolutePath());
        }
        return result.verified() ? 0 : 1;
    }

    DemoSettings settings() {
        if (!Fields.isValidId(volumeId)) {
            throw invalid("--volume-id", "'" + volumeId + "' is not a valid id (lower-case letters, digits, '-')");
        }
        if (blockSize < 4096 || blockSize > 4 << 20 || Long.bitCount(blockSize) != 1) {
            throw invalid("--block-size", "must be a power of two between 4KiB and 4MiB");
        }
        if (volumeBytes < 16 * blockSize || volumeBytes % blockSize != 0) {
            throw invalid("--volume-size", "must be a multiple of the block size and at least 16 blocks");
        }
        if (cycles < 1) {
            throw invalid("--cycles", "must be at least 1");
        }
        if (intervalSeconds < 1) {
            throw invalid("--interval", "must be at least 1 second");
        }
        if (!(changePercent > 0 && changePercent <= 100)) {
            throw invalid("--change-percent", "must lie in (0, 100]");
        }
        if (timeoutMinutes < 1) {
            throw invalid("--timeout", "must be at least 1 minute");
        }
        return new DemoSettings(volumeId, volumeBytes, (int) blockSize, cycles, intervalSeconds, changePercent,
                workDir, seed, timeoutMinutes);
    }

    private ParameterException invalid(String option, String message) {
        return new ParameterException(spec.commandLine(), option + " " + message);
    }
}
