package io.datamover.launcher;

import io.datamover.launcher.bench.BenchCommand;
import io.datamover.launcher.demo.DemoCommand;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
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
            cli.getErr().println("datamover " + cli.getCommandName() + ": " + describe(failure));
            return 1;
        });
    }

    /**
     * A failure in one line: its message, or for a file-system failure, whose message may be just the file's name,
     * what went wrong with which file.
     */
    static String describe(Throwable failure) {
        if (failure instanceof FileSystemException files) {
            String what = files instanceof NoSuchFileException ? "no such file or directory"
                    : files instanceof FileAlreadyExistsException ? "a file is in the way"
                    : files instanceof DirectoryNotEmptyException ? "directory not empty"
                    : files instanceof AccessDeniedException ? "access denied"
                    : files instanceof NotDirectoryException ? "not a directory"
                    : files.getReason() == null ? "cannot be used" : files.getReason();
            return files.getFile() + ": " + what + (files.getOtherFile() == null ? "" : " (and "
                    + files.getOtherFile() + ")") + " (" + files.getClass().getSimpleName() + ")";
        }
        return failure.getMessage() == null ? failure.toString() : failure.getMessage();
    }
}
