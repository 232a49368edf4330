package io.datamover.launcher.bench;

import io.datamover.events.EventJson;
import io.datamover.launcher.ByteSize;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ./datamover bench storage}: the embedded block store against plain file I/O, on real files. */
@Command(name = "storage",
        mixinStandardHelpOptions = true,
        description = {
            "Measures the embedded block store in this process, on real files under",
            "--dir: snapshot time of a small and a large volume, GetMetadataDelta time",
            "for 1%% scattered change of the large one, 64 KiB random writes through",
            "the store against plain positional writes with the same durability (an",
            "fdatasync before each write is acknowledged), reads of a snapshot's",
            "changed extents against plain positional reads, and a delta applied to a",
            "replica against plain writes of the same extents. Each figure is measured",
            "once in each of --rounds rounds, store and plain file on the same blocks in",
            "the same round, and reported as its median with min and max; each ratio",
            "as the median of the per-round ratios. Prints a table; --json FILE writes",
            "the figures and every sample."})
public final class StorageBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the figures as JSON to FILE.")
    Path json;

    @Option(names = "--dir", defaultValue = ".datamover/bench-storage",
            description = "Where the volumes and files go; emptied first, removed after. Default: ${DEFAULT-VALUE}.")
    Path dir;

    @Option(names = "--rounds", defaultValue = "5",
            description = "How many times each figure is measured; the median is reported. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--small-volume", defaultValue = "1GiB", converter = ByteSize.class,
            description = "Size of the small volume. Default: ${DEFAULT-VALUE}.")
    long smallVolume;

    @Option(names = "--large-volume", defaultValue = "16GiB", converter = ByteSize.class,
            description = "Size of the large volume (sparse). Default: ${DEFAULT-VALUE}.")
    long largeVolume;

    @Option(names = "--write-bytes", defaultValue = "64MiB", converter = ByteSize.class,
            description = "Bytes of 64 KiB random writes per write measurement. Default: ${DEFAULT-VALUE}.")
    long writeBytes;

    @Option(names = "--read-bytes", defaultValue = "1GiB", converter = ByteSize.class,
            description = "Bytes read per read measurement: the changed extents, read over as often as needed."
                    + " Default: ${DEFAULT-VALUE}.")
    long readBytes;

    @Option(names = "--apply-bytes", defaultValue = "64MiB", converter = ByteSize.class,
            description = "Bytes of the delta, in scattered 64 KiB extents, applied per round."
                    + " Default: ${DEFAULT-VALUE}.")
    long applyBytes;

    @Override
    public Integer call() throws Exception {
        if (rounds < 1) {
            throw new ParameterException(spec.commandLine(), "--rounds must be 1 or more, was " + rounds);
        }
        StorageBench.Settings settings = new StorageBench.Settings(smallVolume, largeVolume, writeBytes, readBytes,
                applyBytes, rounds);
        StorageBenchResult result = new StorageBench(dir, settings, System.out).run();
        result.print(System.out);
        if (json != null) {
            Path parent = json.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            EventJson.mapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), result);
            System.out.println("Figures written to " + json.toAbsolutePath());
        }
        return 0;
    }
}
