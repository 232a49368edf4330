package io.datamover.blockstore.rest;

import io.datamover.blockstore.api.BlockStoreClient;
import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URISyntaxException;
import java.net.URL;
import org.junit.jupiter.api.BeforeEach;

/** What the API tests share: the store of the test run, and a client of it made before each test's own set-up. */
abstract class ApiTest {

    @TestHTTPResource("/")
    URL url;

    BlockStoreClient client;

    @BeforeEach
    void connect() throws URISyntaxException {
        client = new BlockStoreClient(url.toURI());
    }
}
