package io.datamover.launcher;

import io.datamover.launcher.bench.BenchCommand;
import io.datamover.launcher.demo.DemoCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./datamover} command. */
@Command(name = "datamover",
        mixinStandardHelpOptions = true,
        version = "datamover 0.1.0-SNAPSHOT",
        description = {
            "Container Data Mover: keeps the volumes of stateful applications replicated between sites",
            "with snapshots and changed block tracking, over Kafka.",
            "",
            "Run './datamover <command> --help' for the options of a command."},
        subcommands = {DemoCommand.class, StatusCommand.class, VerifyCommand.class, MetricsCommand.class,
                SwitchoverCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Datamover {

    public static void main(String[] args) {
        // The block store's engine (bench) logs through jboss-logging: send it to SLF4J, warnings only.
        System.setProperty("org.jboss.logging.provider", "slf4j");
        System.exit(commandLine().execute(args));
    }

    /** The command line, with failures reported as one message rather than a stack trace. */
    static CommandLine commandLine() {
        return new CommandLine(new Datamover()).setExecutionExceptionHandler((failure, cli, parsed) -> {
            cli.getErr().println("datamover " + cli.getCommandName() + ": " + failure.getMessage());
            return 1;
        });
    }
}
