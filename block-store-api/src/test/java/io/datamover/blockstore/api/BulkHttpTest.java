package io.datamover.blockstore.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import org.junit.jupiter.api.Test;

class BulkHttpTest {

    @Test
    void shouldSetTheJdkClientsBufferSizeUnlessSetAndBuildHttp11Clients() {
        HttpClient client = BulkHttp.builder().build();

        assertThat(client.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(System.getProperty(BulkHttp.BUFFER_SIZE_PROPERTY)).isEqualTo(Integer.toString(BulkHttp.BUFFER_SIZE));
    }
}
