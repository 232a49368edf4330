package io.datamover.launcher.bench;

/**
 * rsync on the same data as our last incremental cycle: the delta into a copy of the replica's previous state, a
 * first copy into a fresh file, and the same first copy with {@code --fsync}, durable as our replica is. Figures are
 * null where rsync is not installed.
 */
record RsyncRun(boolean available, String deltaCommand, String fullCommand, String durableFullCommand,
        Double deltaMillis, Double fullMillis, Double durableFullMillis) {

    static RsyncRun missing(String deltaCommand, String fullCommand, String durableFullCommand) {
        return new RsyncRun(false, deltaCommand, fullCommand, durableFullCommand, null, null, null);
    }
}
