package io.datamover.launcher.bench;

import io.datamover.events.EventJson;
import io.datamover.launcher.ByteSize;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./datamover bench storage}: the embedded block store against plain file I/O, on real files. */
@Command(name = "storage",
        mixinStandardHelpOptions = true,
        description = {
            "Measures the embedded block store in this process, on real files under --dir: snapshot time of a",
            "small and a large volume, GetMetadataDelta time for 1% scattered change of the large one, 64 KiB",
            "random writes through the store against plain positional writes with the same durability (an",
            "fsync before each write is acknowledged), and reads of a snapshot's changed extents against plain",
            "positional reads. Prints a table; --json FILE writes the figures."})
public final class StorageBenchCommand implements Callable<Integer> {

    @Option(names = "--json", paramLabel = "FILE", description = "Write the figures as JSON to FILE.")
    Path json;

    @Option(names = "--dir", defaultValue = ".datamover/bench-storage",
            description = "Where the volumes and files go; emptied first, removed after. Default: ${DEFAULT-VALUE}.")
    Path dir;

    @Option(names = "--small-volume", defaultValue = "1GiB", converter = ByteSize.class,
            description = "Size of the small volume. Default: ${DEFAULT-VALUE}.")
    long smallVolume;

    @Option(names = "--large-volume", defaultValue = "16GiB", converter = ByteSize.class,
            description = "Size of the large volume (sparse). Default: ${DEFAULT-VALUE}.")
    long largeVolume;

    @Option(names = "--write-bytes", defaultValue = "256MiB", converter = ByteSize.class,
            description = "Bytes of 64 KiB random writes per write measurement. Default: ${DEFAULT-VALUE}.")
    long writeBytes;

    @Override
    public Integer call() throws Exception {
        StorageBenchResult result = new StorageBench(dir, smallVolume, largeVolume, writeBytes, System.out).run();
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
