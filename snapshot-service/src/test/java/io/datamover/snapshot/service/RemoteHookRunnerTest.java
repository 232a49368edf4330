package io.datamover.snapshot.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.datamover.snapshot.domain.Group;
import io.datamover.snapshot.domain.ProtectionException;
import io.datamover.snapshot.domain.RemoteHooks;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The snapshot-service's side of a remote hook, against a stand-in for the kube-controller's endpoint. */
class RemoteHookRunnerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Group GROUP = new Group("shop", List.of("shop-db", "shop-wal"), 60, 3, List.of("falkenberg"),
            null, null, 30, new RemoteHooks(new RemoteHooks.Phase(7), new RemoteHooks.Phase(1)));

    private HttpServer controller;
    private final AtomicReference<String> path = new AtomicReference<>();
    private final AtomicReference<String> body = new AtomicReference<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        controller = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        controller.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        controller.stop(0);
    }

    @Test
    void shouldPostThePhaseWithItsTimeoutAndTakeTheControllersSuccess() throws Exception {
        answer(200, "{\"succeeded\": true, \"exitCode\": 0, \"namespace\": \"shop\", \"pod\": \"db-0\","
                + " \"container\": \"db\", \"message\": \"exited with 0\"}");

        HookRunner.Result result = runner(Duration.ofSeconds(5)).run(GROUP, "pre", GROUP.remoteHooks().pre(),
                "preHook of group shop at site stockholm");

        assertThat(result.succeeded()).isTrue();
        assertThat(result.exitCode()).isZero();
        assertThat(path.get()).isEqualTo("/hooks/shop/pre");
        JsonNode sent = JSON.readTree(body.get());
        assertThat(sent.path("site").asText()).isEqualTo("stockholm");
        assertThat(sent.path("timeoutSeconds").asInt()).isEqualTo(7);
        assertThat(sent.path("volumeIds")).extracting(JsonNode::asText).containsExactly("shop-db", "shop-wal");
    }

    @Test
    void shouldReportTheControllersFailureWithItsReasonAndExitCode() {
        answer(200, "{\"succeeded\": false, \"reason\": \"NonZeroExit\", \"exitCode\": 3, \"namespace\": \"shop\","
                + " \"pod\": \"db-0\", \"container\": \"db\", \"message\": \"pre hook of group shop exited with 3"
                + " in pod shop/db-0; stderr: cannot lock\"}");

        HookRunner.Result result = runner(Duration.ofSeconds(5)).run(GROUP, "pre", GROUP.remoteHooks().pre(), "pre");

        assertThat(result.succeeded()).isFalse();
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.timedOut()).isFalse();
        assertThat(result.failure()).contains("NonZeroExit", "cannot lock", "shop/db-0");
    }

    @Test
    void shouldCountTheControllersTimeoutAsATimeout() {
        answer(200, "{\"succeeded\": false, \"reason\": \"Timeout\", \"message\": \"ran longer than 1s\"}");

        HookRunner.Result result = runner(Duration.ofSeconds(5)).run(GROUP, "post", GROUP.remoteHooks().post(), "post");

        assertThat(result.timedOut()).isTrue();
        assertThat(result.exitCode()).isNull();
        assertThat(path.get()).isEqualTo("/hooks/shop/post");
    }

    @Test
    void shouldReportARefusalNamingTheField() {
        answer(404, "{\"error\": \"no ProtectedApplication has group id 'shop'\", \"field\": \"groupId\"}");

        HookRunner.Result result = runner(Duration.ofSeconds(5)).run(GROUP, "pre", GROUP.remoteHooks().pre(), "pre");

        assertThat(result.succeeded()).isFalse();
        assertThat(result.failure()).contains("404", "(field groupId)", "no ProtectedApplication");
    }

    @Test
    void shouldGiveUpWhenNoAnswerComesWithinTheTimeoutAndTheGrace() {
        controller.createContext("/hooks", exchange -> {
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        long started = System.nanoTime();

        HookRunner.Result result = runner(Duration.ofMillis(200)).run(GROUP, "post", GROUP.remoteHooks().post(),
                "post");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofSeconds(1),
                Duration.ofSeconds(20));
        assertThat(result.timedOut()).isTrue();
        assertThat(result.failure()).contains("did not answer POST /hooks/shop/post within 1s");
    }

    @Test
    void shouldRefuseAndFailRemoteHooksWithoutAControllerUrl() {
        RemoteHookRunner unconfigured = new RemoteHookRunner("stockholm", Optional.empty(), Duration.ZERO, JSON);

        assertThatThrownBy(() -> unconfigured.requireRunnable(GROUP)).isInstanceOfSatisfying(
                ProtectionException.class, e -> assertThat(e.field()).isEqualTo("remoteHooks"));
        assertThat(unconfigured.run(GROUP, "pre", GROUP.remoteHooks().pre(), "pre").failure())
                .contains("datamover.snapshot.hook-url");
        Group local = new Group("shop", List.of("shop-db"), 60, 3, List.of("falkenberg"), List.of("sync"), null, 30);
        assertThat(unconfigured.requireRunnable(local)).isSameAs(local);
    }

    @Test
    void shouldReportAControllerThatCannotBeReached() {
        int port = controller.getAddress().getPort();
        controller.stop(0);
        RemoteHookRunner runner = new RemoteHookRunner("stockholm", Optional.of("http://127.0.0.1:" + port),
                Duration.ofSeconds(5), JSON);

        HookRunner.Result result = runner.run(GROUP, "pre", GROUP.remoteHooks().pre(), "pre");

        assertThat(result.succeeded()).isFalse();
        assertThat(result.timedOut()).isFalse();
        assertThat(result.failure()).contains("unreachable");
    }

    private RemoteHookRunner runner(Duration grace) {
        return new RemoteHookRunner("stockholm",
                Optional.of("http://127.0.0.1:" + controller.getAddress().getPort() + "/"), grace, JSON);
    }

    private void answer(int status, String answer) {
        controller.createContext("/hooks", exchange -> {
            path.set(exchange.getRequestURI().getPath());
            body.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            reply(exchange, status, answer);
        });
    }

    private static void reply(HttpExchange exchange, int status, String answer) throws IOException {
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
