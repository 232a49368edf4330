package io.datamover.snapshot.support;

import java.util.HashMap;
import java.util.Map;

/**
 * The service with the csi storage backend against the Fabric8 mock API server, where {@link SnapshotControllerStandIn}
 * plays the snapshot controller, and the real block store of site {@value BlockStoreResource#SITE} plays the CSI
 * driver ({@code datamover.store-url} is for the stand-in and the test: the service does not use it in csi mode).
 */
public class CsiBackendResource extends BlockStoreResource {

    public static final String SNAPSHOT_CLASS = "block-store-snapclass";
    public static final long READY_TIMEOUT_SECONDS = 2;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        config.put("datamover.storage", "csi");
        config.put("datamover.csi.volume-snapshot-class", SNAPSHOT_CLASS);
        config.put("datamover.csi.ready-timeout", READY_TIMEOUT_SECONDS + "s");
        config.put("datamover.csi.block-size", "4096");
        config.put("datamover.csi.workload-timeout", "10s");
        return config;
    }
}
