package io.datamover.blockstore.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

class BulkHttpTest {

    @Test
    void shouldSetTheJdkClientsBufferSizeUnlessSetAndBuildHttp11Clients() {
        HttpClient client = BulkHttp.builder().build();

        assertThat(client.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(System.getProperty(BulkHttp.BUFFER_SIZE_PROPERTY)).isEqualTo(Integer.toString(BulkHttp.BUFFER_SIZE));
    }

    @Test
    void shouldPublishTheArrayItselfInSlicesToASubscriberThatAsksFromOnNext() {
        byte[] body = randomBytes(BulkHttp.BUFFER_SIZE * 2 + 100);
        Collector collector = new Collector();

        HttpRequest.BodyPublisher publisher = BulkHttp.ofBytes(body);
        publisher.subscribe(collector);

        assertThat(publisher.contentLength()).isEqualTo(body.length);
        assertThat(collector.slices).extracting(ByteBuffer::remaining)
                .containsExactly(BulkHttp.BUFFER_SIZE, BulkHttp.BUFFER_SIZE, 100);
        assertThat(collector.slices).as("no copy").allSatisfy(slice -> assertThat(slice.array()).isSameAs(body));
        assertThat(collector.bytes()).isEqualTo(body);
        assertThat(collector.completions).isEqualTo(1);
    }

    @Test
    void shouldCompleteAnEmptyBodyAndStopWhenCancelled() {
        Collector empty = new Collector();
        HttpRequest.BodyPublisher nothing = BulkHttp.ofBytes(new byte[0]);
        nothing.subscribe(empty);
        Collector cancelling = new Collector();
        cancelling.cancelAfter = 1;
        BulkHttp.ofBytes(randomBytes(BulkHttp.BUFFER_SIZE * 3)).subscribe(cancelling);

        assertThat(nothing.contentLength()).isZero();
        assertThat(empty.slices).isEmpty();
        assertThat(empty.completions).isEqualTo(1);
        assertThat(cancelling.slices).hasSize(1);
        assertThat(cancelling.completions).isZero();
    }

    @Test
    void shouldSendTheWholeBodyOverHttp() throws Exception {
        byte[] body = randomBytes(4 * 1024 * 1024 + 12);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] received = exchange.getRequestBody().readAllBytes();
            byte[] answer = sha256(received).getBytes();
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            HttpResponse<String> response = BulkHttp.builder().build().send(
                    HttpRequest.newBuilder(uri).POST(BulkHttp.ofBytes(body)).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.body()).isEqualTo(sha256(body));
        } finally {
            server.stop(0);
        }
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Asks for one slice at a time, from onSubscribe and then from each onNext, as the JDK's client may. */
    private static final class Collector implements Flow.Subscriber<ByteBuffer> {

        private final List<ByteBuffer> slices = new ArrayList<>();
        private Flow.Subscription subscription;
        private int completions;
        private int cancelAfter = Integer.MAX_VALUE;

        @Override
        public void onSubscribe(Flow.Subscription value) {
            subscription = value;
            subscription.request(1);
        }

        @Override
        public void onNext(ByteBuffer item) {
            slices.add(item);
            if (slices.size() >= cancelAfter) {
                subscription.cancel();
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            throw new AssertionError(throwable);
        }

        @Override
        public void onComplete() {
            completions++;
        }

        byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (ByteBuffer slice : slices) {
                out.write(slice.array(), slice.arrayOffset() + slice.position(), slice.remaining());
            }
            return out.toByteArray();
        }
    }
}
