package io.datamover.transfer.it;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.MockServerExpectation;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/** A site's Kubernetes API for the csi tests: the Fabric8 mock API server in CRUD mode, and a client of it. */
public final class MockApiServer implements AutoCloseable {

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    private MockApiServer(KubernetesMockServer server) {
        this.server = server;
        this.client = server.createClient();
    }

    public static MockApiServer start() {
        Map<ServerRequest, Queue<ServerResponse>> expected = new HashMap<>();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), expected,
                new KubernetesMixedDispatcher(expected), false);
        server.init();
        return new MockApiServer(server);
    }

    public KubernetesClient client() {
        return client;
    }

    /** Answers given before the CRUD state is consulted, e.g. a request that fails. */
    public MockServerExpectation expect() {
        return server.expect();
    }

    /** The URL the services under test reach the API at. */
    public String url() {
        return client.getConfiguration().getMasterUrl();
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
