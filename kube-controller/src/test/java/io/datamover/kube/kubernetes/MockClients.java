package io.datamover.kube.kubernetes;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/** Clients of the Fabric8 mock API server for the move tests. */
final class MockClients {

    private MockClients() {
    }

    /**
     * A mock API server in CRUD mode that also answers the expectations a test sets ({@code server.expect()}) first:
     * both share one map of expected requests.
     */
    static KubernetesMockServer crudServer() {
        Map<ServerRequest, Queue<ServerResponse>> expected = new HashMap<>();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), expected,
                new KubernetesMixedDispatcher(expected), false);
        server.init();
        return server;
    }

    /**
     * A client that does not send a request again after a 5xx itself (Fabric8 does, up to 10 times, by default), so
     * that a test sees what the controller does with a failure that may pass.
     */
    static KubernetesClient withoutRetries(KubernetesMockServer server) {
        try (KubernetesClient mock = server.createClient()) {
            return new KubernetesClientBuilder().withConfig(new ConfigBuilder(mock.getConfiguration())
                    .withRequestRetryBackoffLimit(0).build()).build();
        }
    }
}
