package io.datamover.kube.kubernetes;

import java.util.concurrent.ThreadFactory;

/** The controller's own threads: named after their job, and daemons, so that none holds up the JVM's exit. */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    public static ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
