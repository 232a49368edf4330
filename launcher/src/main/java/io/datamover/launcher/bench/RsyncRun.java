package io.datamover.launcher.bench;

/**
 * rsync on the same data as our last incremental cycle: the delta into a copy of the replica's previous state, and a
 * first copy into a fresh file. Figures are null where rsync is not installed.
 */
record RsyncRun(boolean available, String deltaCommand, String fullCommand, Double deltaMillis, Double fullMillis) {

    static RsyncRun missing(String deltaCommand, String fullCommand) {
        return new RsyncRun(false, deltaCommand, fullCommand, null, null);
    }
}
