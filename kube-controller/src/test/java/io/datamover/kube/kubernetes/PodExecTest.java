package io.datamover.kube.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.kube.ExecFrames;
import io.datamover.kube.domain.ExecResult;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The exec API as Fabric8's mock server plays it: no pod can run here (no cluster, no container runtime), so an
 * expectation answers the exec websocket with the frames a kubelet sends ({@link ExecFrames}). The pod itself lives in
 * the mock server's CRUD store, where Fabric8 reads it before it opens the stream.
 */
class PodExecTest {

    private static final String NAMESPACE = "shop";
    private static final String POD = "db-0";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private KubernetesMockServer server;
    private KubernetesClient client;
    private PodExec exec;

    @BeforeEach
    void start() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init();
        client = server.createClient();
        client.pods().inNamespace(NAMESPACE).resource(new PodBuilder()
                .withNewMetadata().withName(POD).withNamespace(NAMESPACE).endMetadata()
                .withNewSpec().addNewContainer().withName("db").withImage("postgres").endContainer()
                .addNewContainer().withName("backup").withImage("busybox").endContainer().endSpec()
                .withNewStatus().withPhase("Running").endStatus()
                .build()).create();
        exec = new PodExec(client);
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    @Test
    void shouldRunTheCommandInTheContainerAndKeepItsOutput() {
        server.expect().get().withPath(path("db", "db-ctl", "lock"))
                .andUpgradeToWebSocket().open(ExecFrames.stdout("flushing\nlocked\n"),
                        ExecFrames.stderr("slow disk\n"), ExecFrames.exit(0))
                .done().once();

        ExecResult result = exec.run(NAMESPACE, POD, "db", List.of("db-ctl", "lock"), TIMEOUT);

        assertThat(result.exitCode()).isZero();
        assertThat(result.timedOut()).isFalse();
        assertThat(result.failure()).isNull();
        assertThat(result.stdout()).isEqualTo("flushing\nlocked");
        assertThat(result.stderr()).isEqualTo("slow disk");
    }

    @Test
    void shouldReportTheExitCodeOfACommandThatFails() {
        server.expect().get().withPath(path("backup", "db-ctl", "lock"))
                .andUpgradeToWebSocket().open(ExecFrames.stderr("cannot lock: tables busy\n"),
                        ExecFrames.exit(3))
                .done().once();

        ExecResult result = exec.run(NAMESPACE, POD, "backup", List.of("db-ctl", "lock"), TIMEOUT);

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stderr()).isEqualTo("cannot lock: tables busy");
    }

    @Test
    void shouldAbandonACommandThatOutlivesItsTimeout() {
        server.expect().get().withPath(path("db", "db-ctl", "lock"))
                .andUpgradeToWebSocket().open(ExecFrames.stdout("waiting for the lock\n"))
                .expect("stdin the client never sends").andEmit(ExecFrames.exit(0)).once()
                .done().once();
        long started = System.nanoTime();

        ExecResult result = exec.run(NAMESPACE, POD, "db", List.of("db-ctl", "lock"), Duration.ofSeconds(1));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        assertThat(result.timedOut()).as(result.toString()).isTrue();
        assertThat(result.exitCode()).isNull();
        assertThat(result.took()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void shouldReportAnExecTheApiServerRefuses() {
        ExecResult result = exec.run(NAMESPACE, POD, "db", List.of("db-ctl", "lock"), TIMEOUT);

        assertThat(result.exitCode()).isNull();
        assertThat(result.timedOut()).isFalse();
        assertThat(result.failure()).isNotBlank();
    }

    private static String path(String container, String... command) {
        return ExecFrames.path(NAMESPACE, POD, container, command);
    }
}
