package io.datamover.launcher.bench;

import picocli.CommandLine.Command;

/** {@code ./datamover bench}: measurements that print figures; nothing here passes or fails on time. */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = "Measures parts of the data mover on this machine and prints the figures.",
        subcommands = {StorageBenchCommand.class, TransferBenchCommand.class})
public final class BenchCommand {
}
