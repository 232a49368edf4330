package io.datamover.cbt.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A {@link SecuredBlockStore} of site {@value BlockStoreResource#SITE} that accepts only the token issued for
 * {@value #AUDIENCE}, standing in for CSI driver {@value #DRIVER}'s sidecar; cbt-service runs in Kubernetes mode and
 * finds it through the mock API server. {@code datamover.store-url} is for the test's own REST calls (cbt-service
 * does not use it in that mode); {@code test.store.tls-port} and {@code test.store.ca-file} are for the resource the
 * test publishes.
 */
public class DiscoveredStoreResource implements QuarkusTestResourceLifecycleManager {

    public static final String DRIVER = "hostpath.csi.k8s.io";
    public static final String AUDIENCE = "snapshot-metadata.hostpath";
    public static final String NAMESPACE = "datamover";

    private SecuredBlockStore store;

    /** The token the mock TokenRequest API issues for {@code audience}. */
    public static String tokenFor(String audience) {
        return "token-for-" + audience;
    }

    @Override
    public Map<String, String> start() {
        try {
            store = SecuredBlockStore.start(BlockStoreResource.SITE, Path.of("target", "discovered-store"),
                    List.of(tokenFor(AUDIENCE)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("datamover.site", BlockStoreResource.SITE,
                "datamover.store-url", store.url(),
                "datamover.cbt.discovery", "kubernetes",
                "datamover.cbt.csi-driver", DRIVER,
                "datamover.cbt.service-account-namespace", NAMESPACE,
                "test.store.tls-port", Integer.toString(store.tlsPort()),
                "test.store.ca-file", store.caFile().toString());
    }

    @Override
    public void stop() {
        if (store != null) {
            store.close();
        }
    }
}
