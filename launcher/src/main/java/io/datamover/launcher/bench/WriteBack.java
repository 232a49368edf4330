package io.datamover.launcher.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Has the kernel write every dirty page back ({@code sync}) before a measured phase, so that the phase does not pay
 * for the writes of the one before it (a 4 GiB first copy leaves gigabytes to write back). Where {@code sync} is
 * not on the PATH, phases are measured as they come.
 */
final class WriteBack {

    private final Optional<Path> sync;

    private WriteBack(Optional<Path> sync) {
        this.sync = sync;
    }

    /** @param path a PATH variable to find {@code sync} in */
    static WriteBack fromPath(String path) {
        return new WriteBack(Rsync.find("sync", path));
    }

    boolean available() {
        return sync.isPresent();
    }

    void settle() throws IOException {
        if (sync.isEmpty()) {
            return;
        }
        Process process = new ProcessBuilder(sync.get().toString()).redirectErrorStream(true).start();
        try {
            process.getInputStream().transferTo(OutputStream.nullOutputStream());
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IOException(sync.get() + " exited with " + exit);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + sync.get(), e);
        }
    }
}
