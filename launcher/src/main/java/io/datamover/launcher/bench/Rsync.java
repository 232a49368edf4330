package io.datamover.launcher.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code rsync} executable: found on the PATH, run on local files and timed. */
final class Rsync {

    private final Path executable;
    private final Path log;

    Rsync(Path executable, Path log) {
        this.executable = executable;
        this.log = log;
    }

    /** The first executable {@code rsync} in the directories of {@code path} (a PATH variable), if any. */
    static Optional<Path> find(String path) {
        return find("rsync", path);
    }

    /** The first executable {@code name} in the directories of {@code path} (a PATH variable), if any. */
    static Optional<Path> find(String name, String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The command line as it is run, {@code rsync} first. */
    List<String> command(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(arguments);
        return command;
    }

    /** Runs rsync with {@code arguments} in {@code dir}; returns its wall-clock time in milliseconds. */
    double run(Path dir, List<String> arguments) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command(arguments))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        long start = System.nanoTime();
        Process process = builder.start();
        try {
            int exit = process.waitFor();
            double millis = (System.nanoTime() - start) / 1e6;
            if (exit != 0) {
                throw new IOException(String.join(" ", command(arguments)) + " exited with " + exit + "; see " + log);
            }
            return millis;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", command(arguments)), e);
        }
    }
}
