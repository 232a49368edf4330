package io.datamover.cbt.grpc;

import io.datamover.cbt.config.CbtConfig;
import io.datamover.cbt.kubernetes.KubernetesLocator;
import io.datamover.cbt.kubernetes.ServiceAccountTokens;
import io.datamover.cbt.kubernetes.SnapshotMetadataServices;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;

/**
 * The locator {@code datamover.cbt.discovery} asks for (the keys checked by
 * {@link io.datamover.cbt.config.ConfigCheck} at start). The Kubernetes client is only created in Kubernetes mode,
 * so the embedded default needs no cluster.
 */
public class LocatorProducer {

    @Produces
    @Singleton
    MetadataServiceLocator locator(CbtConfig config, Instance<KubernetesClient> kubernetes) {
        CbtConfig.Cbt cbt = config.cbt();
        if (cbt.discovery() == CbtConfig.Discovery.STATIC) {
            return new StaticLocator(URI.create(config.storeUrl().orElseThrow()), cbt.caFile(),
                    cbt.securityTokenFile());
        }
        KubernetesClient client = kubernetes.get();
        ServiceAccountTokens tokens = new ServiceAccountTokens(client,
                cbt.serviceAccountNamespace().orElseGet(client::getNamespace), cbt.serviceAccount(),
                cbt.tokenLifetime(), cbt.tokenRenewBefore(), Clock.systemUTC());
        return new KubernetesLocator(cbt.csiDriver().filter(driver -> !driver.isBlank()),
                new SnapshotMetadataServices(client), tokens);
    }

    void close(@Disposes MetadataServiceLocator locator) {
        locator.close();
    }
}
