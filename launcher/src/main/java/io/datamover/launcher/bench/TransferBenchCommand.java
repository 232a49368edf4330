package io.datamover.launcher.bench;

import io.datamover.launcher.ByteSize;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ./datamover bench transfer}: our replication cycle and first copy against rsync on the same data. */
@Command(name = "transfer",
        mixinStandardHelpOptions = true,
        description = {
            "Starts Kafka and the block store and services of stockholm and falkenberg as",
            "processes (under --work-dir, emptied first), creates a volume at stockholm,",
            "fills it with random data and protects it to falkenberg. Times the first copy",
            "and --cycles incremental cycles, each after 1%% of the 64 KiB blocks changed at",
            "random: from snapshot taken to replica consistent, and the ship + apply part",
            "alone, from the services' events. Then runs rsync --inplace --no-whole-file",
            "-B 65536 on the last cycle's delta, exported to plain files, and a plain rsync",
            "first copy (null figures where rsync is not on the PATH). Repeats the cycles",
            "on a --small-volume and on a sparse --large-volume. Prints a table; --json FILE",
            "writes the figures. Stops every process at the end."})
public final class TransferBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the figures as JSON to FILE.")
    Path json;

    @Option(names = "--work-dir", defaultValue = ".datamover/bench-transfer",
            description = "Where volumes, exported files, Kafka and service logs go; emptied first."
                    + " Default: ${DEFAULT-VALUE}.")
    Path workDir;

    @Option(names = "--volume-size", defaultValue = "4GiB", converter = ByteSize.class,
            description = "Size of the main volume, filled with random data. Default: ${DEFAULT-VALUE}.")
    long volumeBytes;

    @Option(names = "--small-volume", defaultValue = "1GiB", converter = ByteSize.class,
            description = "Size of the small scaling volume, filled. Default: ${DEFAULT-VALUE}.")
    long smallVolume;

    @Option(names = "--large-volume", defaultValue = "16GiB", converter = ByteSize.class,
            description = "Size of the large scaling volume, sparse. Default: ${DEFAULT-VALUE}.")
    long largeVolume;

    @Option(names = "--large-written", defaultValue = "1GiB", converter = ByteSize.class,
            description = "Bytes written into the large volume before its first copy. Default: ${DEFAULT-VALUE}.")
    long largeWritten;

    @Option(names = "--warmup-volume", defaultValue = "512MiB", converter = ByteSize.class,
            description = "Size of a volume copied once before the measured ones and reported apart, so that the"
                    + " first copies are measured on services whose code is compiled, as they are once they have"
                    + " run a while; 0 measures the main volume's first copy on fresh services. Default:"
                    + " ${DEFAULT-VALUE}.")
    long warmupVolume;

    @Option(names = "--cycles", defaultValue = "5",
            description = "Incremental cycles per volume; medians are reported. Default: ${DEFAULT-VALUE}.")
    int cycles;

    @Option(names = "--warmup-cycles", defaultValue = "1",
            description = "Incremental cycles per volume before the measured ones, reported apart: the services'"
                    + " first cycles after their start run before their code is compiled. Default: ${DEFAULT-VALUE}.")
    int warmupCycles;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the random data. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--timeout", defaultValue = "30",
            description = "Minutes after which the bench gives up. Default: ${DEFAULT-VALUE}.")
    int timeoutMinutes;

    @Override
    public Integer call() throws Exception {
        TransferBench.Settings settings = settings();
        TransferBenchResult result = new TransferBench(settings, System.out).run();
        result.print(System.out);
        if (json != null) {
            result.write(json);
            System.out.println("Figures written to " + json.toAbsolutePath());
        }
        return 0;
    }

    TransferBench.Settings settings() {
        requireVolume("--volume-size", volumeBytes);
        requireVolume("--small-volume", smallVolume);
        requireVolume("--large-volume", largeVolume);
        if (largeWritten < VolumeData.PIECE || largeWritten % VolumeData.PIECE != 0 || largeWritten > largeVolume) {
            throw invalid("--large-written", "must be a multiple of 4MiB, at most --large-volume");
        }
        if (warmupVolume != 0 && (warmupVolume < VolumeData.PIECE || warmupVolume % VolumeData.PIECE != 0)) {
            throw invalid("--warmup-volume", "must be 0 or a multiple of 4MiB");
        }
        if (cycles < 1) {
            throw invalid("--cycles", "must be at least 1");
        }
        if (warmupCycles < 0) {
            throw invalid("--warmup-cycles", "must be 0 or more");
        }
        if (timeoutMinutes < 1) {
            throw invalid("--timeout", "must be at least 1 minute");
        }
        Optional<Path> rsync = Rsync.find(System.getenv("PATH"));
        return new TransferBench.Settings(workDir, volumeBytes, smallVolume, largeVolume, largeWritten, warmupVolume,
                warmupCycles, cycles, seed, timeoutMinutes, rsync);
    }

    private void requireVolume(String option, long bytes) {
        if (bytes < VolumeData.PIECE || bytes % VolumeData.PIECE != 0) {
            throw invalid(option, "must be a multiple of 4MiB");
        }
    }

    private ParameterException invalid(String option, String message) {
        return new ParameterException(spec.commandLine(), option + " " + message);
    }
}
