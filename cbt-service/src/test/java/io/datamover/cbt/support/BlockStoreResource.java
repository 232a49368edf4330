package io.datamover.cbt.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.Map;

/** Runs the real block store of site {@value #SITE} as a child process and points the service under test at it. */
public class BlockStoreResource implements QuarkusTestResourceLifecycleManager {

    public static final String SITE = "stockholm";

    private static BlockStoreProcess running;

    private BlockStoreProcess store;

    /** Kills the store (SIGKILL), as a crash would, and starts it again on the same port and data. */
    public static void crashAndRestart() {
        running.process().kill();
        running.process().start();
    }

    @Override
    public Map<String, String> start() {
        store = BlockStoreProcess.start(SITE, Map.of(), Path.of("target", "block-store.log"));
        running = store;
        return Map.of("datamover.site", SITE, "datamover.store-url", store.url());
    }

    @Override
    public void stop() {
        if (store != null) {
            store.close();
        }
    }
}
