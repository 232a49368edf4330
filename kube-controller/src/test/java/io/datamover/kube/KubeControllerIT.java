package io.datamover.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.VolumeRole;
import io.datamover.events.DecisionType;
import io.datamover.events.EventPublisher;
import io.datamover.events.PlacementDecision;
import io.datamover.events.ReplicaApplied;
import io.datamover.kube.crd.Hook;
import io.datamover.kube.crd.Hooks;
import io.datamover.kube.crd.MigrationLocation;
import io.datamover.kube.crd.MigrationLocationSpec;
import io.datamover.kube.crd.ProtectedApplication;
import io.datamover.kube.crd.ProtectedApplicationSpec;
import io.datamover.kube.crd.ProtectedApplicationStatus;
import io.datamover.kube.crd.SnapshotSchedule;
import io.datamover.kube.crd.SnapshotScheduleSpec;
import io.datamover.kube.domain.Conditions;
import io.datamover.kube.domain.Ids;
import io.datamover.runtime.Ports;
import io.datamover.runtime.RepoRoot;
import io.datamover.runtime.ServiceProcess;
import io.datamover.runtime.SharedKafka;
import io.datamover.runtime.TestEvents;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.internal.WebSocketMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.function.Consumer;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller as a process against the Fabric8 mock API server (CRUD mode, the CRDs of {@code deploy/crds/}
 * applied), driving a real snapshot-service of site stockholm with its real block store, over a real broker.
 * Replicas at falkenberg are reported on {@code replica-applied} as falkenberg's transfer-service would. The
 * snapshot-service asks the controller to run the quiesce hooks; no pod can run here (no cluster, no container
 * runtime), so the mock server answers each exec websocket with an expectation, as a kubelet would: the output on
 * channel 1 or 2, the exit status on channel 3.
 */
class KubeControllerIT {

    private static final String SITE = "stockholm";
    private static final String TARGET = "falkenberg";
    private static final String NAMESPACE = "datamover";
    private static final String APP_NAMESPACE = "shop";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;

    private static KubernetesMockServer server;
    private static KubernetesClient kube;
    private static ServiceProcess store;
    private static ServiceProcess snapshots;
    private static ServiceProcess controller;
    private static BlockStoreClient blocks;
    private static final List<String> execs = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
                new KubernetesMixedDispatcher(expectations), false);
        server.init();
        kube = server.createClient();
        try (Stream<Path> crds = Files.list(RepoRoot.find().resolve("deploy/crds"))) {
            for (Path crd : crds.filter(file -> file.getFileName().toString().endsWith("-v1.yml")).sorted().toList()) {
                kube.apiextensions().v1().customResourceDefinitions()
                        .resource(Serialization.unmarshal(Files.readString(crd), CustomResourceDefinition.class))
                        .create();
            }
        }
        store = ServiceProcess.builder("block-store")
                .property("datamover.site", SITE)
                .property("datamover.data-dir", dir.resolve("block-store").toString())
                .jvmOption("-Xmx256m")
                .logFile(dir.resolve("block-store.log"))
                .build().start();
        blocks = BlockStoreClient.of(store.url());
        int controllerPort = Ports.free();
        snapshots = ServiceProcess.builder("snapshot-service")
                .property("datamover.site", SITE)
                .property("datamover.store-url", store.url())
                .property("datamover.data-dir", dir.resolve("snapshot-service").toString())
                .property("kafka.bootstrap.servers", SharedKafka.bootstrapServers())
                .property("datamover.snapshot.hook-url", "http://127.0.0.1:" + controllerPort)
                .property("datamover.snapshot.hook-grace", "5s")
                .jvmOption("-Xmx256m")
                .logFile(Path.of("target", "it-snapshot-service.log"))
                .build().start();
        controller = ServiceProcess.builder("kube-controller")
                .property("datamover.site", SITE)
                .property("datamover.snapshot-url", snapshots.url())
                .property("datamover.namespace", NAMESPACE)
                .property("datamover.resync-interval", "1s")
                .property("datamover.snapshot-timeout", "2s")
                .property("kafka.bootstrap.servers", SharedKafka.bootstrapServers())
                .property("kubernetes.master", kube.getMasterUrl().toString())
                .property("kubernetes.auth.tryKubeConfig", "false")
                .property("kubernetes.auth.tryServiceAccount", "false")
                .port(controllerPort)
                .jvmOption("-Xmx256m")
                .logFile(Path.of("target", "it-kube-controller.log"))
                .build().start();
        location(TARGET, TARGET);
    }

    @AfterAll
    static void stop() {
        for (ServiceProcess process : new ServiceProcess[] {controller, snapshots, store}) {
            if (process != null) {
                process.stop();
            }
        }
        if (kube != null) {
            kube.close();
        }
        if (server != null) {
            server.destroy();
        }
    }

    @Test
    void shouldGroupEveryBoundClaimOfAProtectedApplicationSnapshotItAndFollowItsClaims() throws Exception {
        String app = TestEvents.uniqueId("shop");
        String data = boundClaim(app + "-data", app, null);
        String wal = boundClaim(app + "-wal", app, null);
        boundClaim(app + "-other", "another-" + app, null);
        claim(app + "-logs", app, null);
        schedule(app, "1s", 3);
        application(app, selector(app), app, List.of(TARGET));
        String groupId = Ids.groupId(NAMESPACE, app);

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(condition(app, "Protected").getStatus()).isEqualTo("True");
            assertThat(status(app).getGroupId()).isEqualTo(groupId);
        });
        assertThat(group(groupId).path("volumeIds")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder(data, wal);
        assertThat(group(groupId).path("priority").asInt(-1)).isZero();
        editApplication(app, edited -> edited.getSpec().setPriority(250));
        await().atMost(WAIT).untilAsserted(() -> assertThat(group(groupId).path("priority").asInt()).isEqualTo(250));
        Condition unbound = condition(app, "VolumesBound");
        assertThat(unbound.getReason()).isEqualTo("ClaimsUnbound");
        assertThat(unbound.getMessage()).contains(app + "-logs");
        await().atMost(WAIT).until(() -> !blocks.snapshots(data).isEmpty() && !blocks.snapshots(wal).isEmpty());
        await().atMost(WAIT).untilAsserted(() -> assertThat(status(app).getVolumes())
                .filteredOn(v -> data.equals(v.getVolumeId())).singleElement()
                .satisfies(v -> assertThat(v.getLastSnapshot()).isEqualTo(1L)));
        assertThat(condition(app, "Replicated").getReason()).isEqualTo("ReplicaPending");

        String logs = bind(app + "-logs");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(group(groupId).path("volumeIds")).extracting(JsonNode::asText)
                    .containsExactlyInAnyOrder(data, wal, logs);
            assertThat(condition(app, "VolumesBound").getStatus()).isEqualTo("True");
        });

        kube.persistentVolumeClaims().inNamespace(APP_NAMESPACE).withName(app + "-wal")
                .edit(pvc -> new PersistentVolumeClaimBuilder(pvc).editMetadata().addToLabels("app", "gone")
                        .endMetadata().build());
        await().atMost(WAIT).untilAsserted(() -> assertThat(group(groupId).path("volumeIds"))
                .extracting(JsonNode::asText).containsExactlyInAnyOrder(data, logs));

        kube.resources(ProtectedApplication.class).inNamespace(NAMESPACE).withName(app).delete();
        await().atMost(WAIT).until(() -> groupStatus(groupId) == 404
                && kube.resources(ProtectedApplication.class).inNamespace(NAMESPACE).withName(app).get() == null);
    }

    @Test
    void shouldShowEachLocationsConsistentSnapshotOnceTheReplicaIsApplied() throws Exception {
        String app = TestEvents.uniqueId("replicated");
        String data = boundClaim(app + "-data", app, null);
        schedule(app, "1s", 3);
        application(app, selector(app), app, List.of(TARGET));
        await().atMost(WAIT).until(() -> !blocks.snapshots(data).isEmpty());

        try (EventPublisher falkenberg = TestEvents.publisher(TARGET, "transfer-service")) {
            falkenberg.publish(ReplicaApplied.of(TARGET, SITE, data, 1, null, 4096, 4096, Instant.now()));
        }

        await().atMost(WAIT).untilAsserted(() -> {
            Condition replicated = condition(app, "Replicated");
            assertThat(replicated.getStatus()).isEqualTo("True");
            assertThat(replicated.getReason()).isEqualTo("Consistent");
            assertThat(status(app).getVolumes()).singleElement()
                    .satisfies(v -> assertThat(v.getConsistentSnapshots()).containsEntry(TARGET, 1L));
        });
    }

    @Test
    void shouldProtectEveryClaimOfAStorageClassWithMigrationEnableAndEndItWithTheClaim() throws Exception {
        String name = TestEvents.uniqueId("fast");
        schedule(name, "1s", 2);
        kube.storage().v1().storageClasses().resource(new StorageClassBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withProvisioner("block-store.datamover.io")
                .withParameters(Map.of("migrationEnable", "true", "migrationLocations", TARGET,
                        "schedulePolicy", name))
                .build()).create();
        String volume = boundClaim(name + "-db", name, name);

        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode protection = get("/protections/" + volume);
            assertThat(protection.path("intervalSeconds").asLong()).isEqualTo(1);
            assertThat(protection.path("retain").asInt()).isEqualTo(2);
            assertThat(protection.path("targetSites")).extracting(JsonNode::asText).containsExactly(TARGET);
        });
        await().atMost(WAIT).until(() -> !blocks.snapshots(volume).isEmpty());
        await().atMost(WAIT).untilAsserted(() -> {
            PersistentVolumeClaim pvc = kube.persistentVolumeClaims().inNamespace(APP_NAMESPACE)
                    .withName(name + "-db").get();
            assertThat(pvc.getMetadata().getFinalizers()).contains("datamover.io/protection");
            assertThat(pvc.getMetadata().getAnnotations()).containsEntry("datamover.io/volume-id", volume);
            assertThat(pvc.getMetadata().getAnnotations().get("datamover.io/protection")).startsWith("Protected: ");
        });

        kube.persistentVolumeClaims().inNamespace(APP_NAMESPACE).withName(name + "-db").delete();

        await().atMost(WAIT).until(() -> httpStatus("/protections/" + volume) == 404
                && kube.persistentVolumeClaims().inNamespace(APP_NAMESPACE).withName(name + "-db").get() == null);
    }

    @Test
    void shouldMarkBadInputInvalidNamingTheProblemAndRegisterNothing() throws Exception {
        String base = TestEvents.uniqueId("bad");
        String volume = boundClaim(base + "-data", base, null);
        schedule(base + "-ok", "1s", 3);
        schedule(base + "-zero", "0s", 3);
        schedule(base + "-soon", "soon", 3);
        Map<String, ProtectedApplicationSpec> cases = Map.of(
                "EmptySelector", spec(new LabelSelector(), base + "-ok", List.of(TARGET)),
                "UnknownLocation", spec(selector(base), base + "-ok", List.of(TARGET, "mars")),
                "InvalidSchedule", spec(selector(base), base + "-zero", List.of(TARGET)),
                "MissingSchedule", spec(selector(base), null, List.of(TARGET)));
        Map<String, String> fields = Map.of("EmptySelector", "spec.selector", "UnknownLocation",
                "spec.locations[1]", "InvalidSchedule", "spec.schedule", "MissingSchedule", "spec.schedule");
        cases.forEach((reason, spec) -> create(resource(base + "-" + reason.toLowerCase(), spec)));

        for (String reason : cases.keySet()) {
            String app = base + "-" + reason.toLowerCase();
            await().atMost(WAIT).untilAsserted(() -> {
                Condition valid = condition(app, "Valid");
                assertThat(valid.getStatus()).isEqualTo("False");
                assertThat(valid.getReason()).isEqualTo(reason);
                assertThat(valid.getMessage()).startsWith(fields.get(reason));
                assertThat(condition(app, "Protected").getReason()).isEqualTo("SpecInvalid");
            });
            assertThat(groupStatus(Ids.groupId(NAMESPACE, app))).isEqualTo(404);
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(scheduleValid(base + "-soon").getMessage())
                .startsWith("spec.interval 'soon' is not a duration"));
        assertThat(scheduleValid(base + "-zero").getReason()).isEqualTo("InvalidInterval");
        assertThat(blocks.snapshots(volume)).isEmpty();
    }

    @Test
    void shouldRemoveTheGroupWhenAValidApplicationBecomesInvalid() throws Exception {
        String app = TestEvents.uniqueId("broken");
        boundClaim(app + "-data", app, null);
        schedule(app, "1s", 3);
        application(app, selector(app), app, List.of(TARGET));
        String groupId = Ids.groupId(NAMESPACE, app);
        await().atMost(WAIT).until(() -> groupStatus(groupId) == 200);

        editApplication(app, pa -> pa.getSpec().setLocations(List.of("atlantis")));

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(condition(app, "Valid").getReason()).isEqualTo("UnknownLocation");
            assertThat(groupStatus(groupId)).isEqualTo(404);
        });
        assertThat(status(app).getObservedGeneration()).isEqualTo(2L);
    }

    @Test
    void shouldReportTheSnapshotServiceRefusingAndBeingDown() throws Exception {
        String app = TestEvents.uniqueId("refused");
        String volume = boundClaim(app + "-data", app, null);
        put("/protections/" + volume, "{\"intervalSeconds\": 3600, \"targetSites\": [\"" + TARGET + "\"]}");
        schedule(app, "1s", 3);
        application(app, selector(app), app, List.of(TARGET));

        await().atMost(WAIT).untilAsserted(() -> {
            Condition refused = condition(app, "Protected");
            assertThat(refused.getStatus()).isEqualTo("False");
            assertThat(refused.getReason()).isEqualTo("SnapshotServiceRefused");
            assertThat(refused.getMessage()).contains("409", "(field volumeIds)", volume);
        });

        delete("/protections/" + volume);
        await().atMost(WAIT).until(() -> "True".equals(condition(app, "Protected").getStatus()));

        snapshots.stop();
        try {
            await().atMost(WAIT).untilAsserted(() -> {
                Condition down = condition(app, "Protected");
                assertThat(down.getStatus()).isEqualTo("False");
                assertThat(down.getReason()).isEqualTo("SnapshotServiceUnreachable");
                assertThat(down.getMessage()).contains(snapshots.url());
            });
        } finally {
            snapshots.start();
        }
        await().atMost(WAIT).until(() -> "True".equals(condition(app, "Protected").getStatus()));
    }

    @Test
    void shouldRunThePreHookInTheApplicationsPodBeforeTheGroupSnapshotAndThePostHookAfter() throws Exception {
        Hooked hooked = hookedApplication("quiesced", ExecFrames.stdout("flushed, tables locked\n"), 0);
        String app = hooked.app();

        await().atMost(WAIT).untilAsserted(() -> assertThat(group(hooked.groupId()).path("lastSnapshot")
                .path("consistency").asText()).isEqualTo("application"));
        assertThat(blocks.snapshots(hooked.data())).hasSize(1);
        await().atMost(WAIT).untilAsserted(() -> assertThat(execsIn(hooked.pod()))
                .containsExactly(hooked.lock(), hooked.unlock()));
        JsonNode group = group(hooked.groupId());
        assertThat(group.path("remoteHooks").path("pre").path("timeoutSeconds").asInt()).isEqualTo(20);
        assertThat(group.path("remoteHooks").path("post").path("timeoutSeconds").asInt()).isEqualTo(20);
        await().atMost(WAIT).untilAsserted(() -> {
            Condition hooks = condition(app, "HooksReady");
            assertThat(hooks.getStatus()).isEqualTo("True");
            assertThat(hooks.getReason()).isEqualTo("PodsRunning");
        });
    }

    @Test
    void shouldTakeNoSnapshotWhenThePreHookExitsNonZeroAndStillRunThePostHook() throws Exception {
        Hooked hooked = hookedApplication("unlockable", ExecFrames.stderr("cannot lock: replication lag\n"), 3);
        String app = hooked.app();

        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode failure = group(hooked.groupId()).path("lastHookFailure");
            assertThat(failure.path("hook").asText()).isEqualTo("preHook");
            assertThat(failure.path("exitCode").asInt()).isEqualTo(3);
            assertThat(failure.path("message").asText()).contains("NonZeroExit", "cannot lock: replication lag",
                    "pod " + APP_NAMESPACE + "/" + hooked.pod(), "container db");
        });
        await().atMost(WAIT).untilAsserted(() -> assertThat(execsIn(hooked.pod()))
                .containsExactly(hooked.lock(), hooked.unlock()));
        await().atMost(WAIT).untilAsserted(() -> {
            Condition hooks = condition(app, "HooksReady");
            assertThat(hooks.getStatus()).isEqualTo("False");
            assertThat(hooks.getReason()).isEqualTo("PreHookFailed");
            assertThat(hooks.getMessage()).contains("cannot lock: replication lag");
        });
        assertThat(blocks.snapshots(hooked.data())).isEmpty();
        assertThat(group(hooked.groupId()).path("lastSnapshot").isNull()).isTrue();
    }

    /**
     * An application with a bound claim and a running pod labelled {@code role=<app>-db} for its hooks, the pre hook
     * answered with {@code lockOutput} and the exit code, the post hook with success; snapshotted every hour.
     */
    private static Hooked hookedApplication(String prefix, WebSocketMessage lockOutput, int lockExitCode) {
        String app = TestEvents.uniqueId(prefix);
        String data = boundClaim(app + "-data", app, null);
        String pod = app + "-db-0";
        runningPod(pod, app + "-db");
        String lock = expectExec(pod, lockOutput, lockExitCode, "db-ctl", "lock");
        String unlock = expectExec(pod, ExecFrames.stdout("unlocked\n"), 0, "db-ctl", "unlock");
        schedule(app, "1h", 3);
        create(resource(app, withHooks(spec(selector(app), app, List.of(TARGET)), app + "-db", true)));
        return new Hooked(app, data, pod, Ids.groupId(NAMESPACE, app), lock, unlock);
    }

    /** @param lock the exec path of the pre hook, {@code unlock} that of the post hook */
    private record Hooked(String app, String data, String pod, String groupId, String lock, String unlock) {
    }

    @Test
    void shouldRefuseTheSnapshotWhenNoRunningPodCanRunThePreHook() throws Exception {
        String app = TestEvents.uniqueId("podless");
        String data = boundClaim(app + "-data", app, null);
        schedule(app, "1h", 3);
        create(resource(app, withHooks(spec(selector(app), app, List.of(TARGET)), app + "-db", false)));
        String groupId = Ids.groupId(NAMESPACE, app);

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(condition(app, "Protected").getStatus()).isEqualTo("True");
            Condition hooks = condition(app, "HooksReady");
            assertThat(hooks.getStatus()).isEqualTo("False");
            assertThat(hooks.getReason()).isEqualTo("HookPodNotRunning");
            assertThat(hooks.getMessage()).contains("spec.hooks.pre.podSelector selects no running pod");
        });
        HttpResponse<String> refused = send(HttpRequest.newBuilder(uri("/groups/" + groupId + "/snapshots"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(refused.statusCode()).isEqualTo(500);
        JsonNode error = JSON.readTree(refused.body());
        assertThat(error.path("field").asText()).isEqualTo("preHook");
        assertThat(error.path("error").asText()).contains("NoRunningPod", "selects no running pod");
        assertThat(blocks.snapshots(data)).isEmpty();

        assertThat(callController("/hooks/" + groupId + "/middle")).containsEntry(400, "phase");
        assertThat(callController("/hooks/" + groupId + "/post")).containsEntry(409, "spec.hooks.post");
        assertThat(callController("/hooks/no-such-group-1/pre")).containsEntry(404, "groupId");
    }

    /** At a site without the group's ProtectedApplication (nor its export), a failed step still shows. */
    @Test
    void shouldShowAFailedMoveOfAGroupWithoutAnApplicationHereAsAnEventAndInMoves() throws Exception {
        String groupId = TestEvents.uniqueId("orphan");
        String decisionId = "failover-" + groupId + "-" + System.currentTimeMillis();
        Instant before = Instant.now().minusSeconds(1);
        try (EventPublisher placement = TestEvents.publisher(SITE, "placement-service")) {
            placement.publish(PlacementDecision.of(decisionId, DecisionType.FAILOVER, "promote", groupId,
                    List.of(groupId + "-data"), TARGET, SITE, TARGET + " lost"));
        }

        await().atMost(WAIT).untilAsserted(() -> {
            HttpResponse<String> answer = getFromController("/moves/" + groupId);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode move = JSON.readTree(answer.body());
            assertThat(move.path("decisionId").asText()).isEqualTo(decisionId);
            assertThat(move.path("step").asText()).isEqualTo("promote");
            assertThat(move.path("action").asText()).isEqualTo("complete");
            assertThat(move.path("outcome").asText()).isEqualTo("MoveFailed");
            assertThat(Instant.parse(move.path("at").asText())).isAfter(before);
            assertThat(move.path("message").asText()).contains(groupId, decisionId, "promote",
                    "no export of group " + groupId + " from " + TARGET + " for " + SITE);
        });
        assertThat(JSON.readTree(getFromController("/moves").body())).extracting(move -> move.path("groupId").asText())
                .contains(groupId);
        await().atMost(WAIT).untilAsserted(() -> assertThat(kube.v1().events().inNamespace(NAMESPACE)
                .withLabel("datamover.io/group", groupId).list().getItems()).singleElement().satisfies(event -> {
                    assertThat(event.getReason()).isEqualTo("MoveFailed");
                    assertThat(event.getType()).isEqualTo("Warning");
                    assertThat(event.getInvolvedObject().getName()).isEqualTo(groupId);
                    assertThat(event.getMessage()).contains(decisionId, "promote", "no export");
                }));
        assertThat(refusal(getFromController("/moves/Not_A_Group"))).containsEntry(400, "groupId");
        assertThat(refusal(getFromController("/moves/" + TestEvents.uniqueId("unheard")))).containsEntry(404,
                "groupId");
    }

    private static HttpResponse<String> getFromController(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(controller.url() + path)).GET());
    }

    /** The status of a refusal and the field it names. */
    private static Map<Integer, String> refusal(HttpResponse<String> response) throws IOException {
        return Map.of(response.statusCode(), JSON.readTree(response.body()).path("field").asText());
    }

    /** Asks the controller to run a hook directly; the status and the field its refusal names. */
    private static Map<Integer, String> callController(String path) throws IOException, InterruptedException {
        return refusal(send(HttpRequest.newBuilder(URI.create(controller.url() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"))));
    }

    /** A pod of the application's namespace labelled {@code role=<role>}, with containers db and backup, running. */
    private static void runningPod(String name, String role) {
        kube.pods().inNamespace(APP_NAMESPACE).resource(new PodBuilder()
                .withNewMetadata().withName(name).addToLabels("role", role).endMetadata()
                .withNewSpec().addNewContainer().withName("db").withImage("postgres").endContainer()
                .addNewContainer().withName("backup").withImage("busybox").endContainer().endSpec()
                .build()).create();
        kube.pods().inNamespace(APP_NAMESPACE).withName(name).editStatus(pod -> new PodBuilder(pod)
                .withNewStatus().withPhase("Running").endStatus().build());
    }

    /**
     * Answers the exec of {@code command} in container db of the pod with {@code output} and the exit code, as a
     * kubelet would; returns the path the controller's exec asks for.
     */
    private static String expectExec(String pod, WebSocketMessage output, int exitCode, String... command) {
        String path = ExecFrames.path(APP_NAMESPACE, pod, "db", command);
        server.expect().get().withPath(path).andUpgradeToWebSocket()
                .open(output, ExecFrames.exit(exitCode)).done().always();
        return path;
    }

    /** The exec requests the mock server received for the pod so far, in order. */
    private static synchronized List<String> execsIn(String pod) throws InterruptedException {
        for (RecordedRequest request = server.takeRequest(1, TimeUnit.MILLISECONDS); request != null;
                request = server.takeRequest(1, TimeUnit.MILLISECONDS)) {
            if (request.getPath().contains("/exec?")) {
                execs.add(request.getPath());
            }
        }
        return execs.stream().filter(path -> path.contains("/pods/" + pod + "/exec?")).toList();
    }

    /**
     * The spec with pre hook {@code db-ctl lock} and, if {@code withPost}, post hook {@code db-ctl unlock}, each in
     * container db of a pod labelled {@code role=<role>}, 20 s each.
     */
    private static ProtectedApplicationSpec withHooks(ProtectedApplicationSpec spec, String role, boolean withPost) {
        spec.setHooks(new Hooks());
        spec.getHooks().setPre(hook(role, "db-ctl", "lock"));
        if (withPost) {
            spec.getHooks().setPost(hook(role, "db-ctl", "unlock"));
        }
        return spec;
    }

    private static Hook hook(String role, String... command) {
        Hook hook = new Hook();
        hook.setPodSelector(new LabelSelectorBuilder().addToMatchLabels("role", role).build());
        hook.setContainer("db");
        hook.setCommand(List.of(command));
        hook.setTimeoutSeconds(20);
        return hook;
    }

    private static void location(String name, String site) {
        MigrationLocation location = new MigrationLocation();
        location.setMetadata(new ObjectMetaBuilder().withNamespace(NAMESPACE).withName(name).build());
        MigrationLocationSpec spec = new MigrationLocationSpec();
        spec.setSite(site);
        spec.setTransferEndpoint("http://transfer-" + site + ".datamover.svc.clusterset.local:8080");
        spec.setKafkaBootstrapServers("datamover-kafka-bootstrap.datamover.svc.clusterset.local:9094");
        location.setSpec(spec);
        kube.resource(location).create();
    }

    private static void schedule(String name, String interval, int retain) {
        SnapshotSchedule schedule = new SnapshotSchedule();
        schedule.setMetadata(new ObjectMetaBuilder().withNamespace(NAMESPACE).withName(name).build());
        SnapshotScheduleSpec spec = new SnapshotScheduleSpec();
        spec.setInterval(interval);
        spec.setRetain(retain);
        schedule.setSpec(spec);
        kube.resource(schedule).create();
    }

    private static ProtectedApplication application(String name, LabelSelector selector, String schedule,
            List<String> locations) {
        return create(resource(name, spec(selector, schedule, locations)));
    }

    private static ProtectedApplication create(ProtectedApplication resource) {
        return kube.resource(resource).create();
    }

    private static ProtectedApplication resource(String name, ProtectedApplicationSpec spec) {
        ProtectedApplication resource = new ProtectedApplication();
        resource.setMetadata(new ObjectMetaBuilder().withNamespace(NAMESPACE).withName(name).build());
        resource.setSpec(spec);
        return resource;
    }

    private static ProtectedApplicationSpec spec(LabelSelector selector, String schedule, List<String> locations) {
        ProtectedApplicationSpec spec = new ProtectedApplicationSpec();
        spec.setNamespace(APP_NAMESPACE);
        spec.setSelector(selector);
        spec.setSchedule(schedule);
        spec.setLocations(locations);
        return spec;
    }

    private static LabelSelector selector(String app) {
        return new LabelSelectorBuilder().addToMatchLabels("app", app).build();
    }

    /** A claim labelled {@code app=<app>}, not bound. */
    private static void claim(String name, String app, String storageClass) {
        kube.persistentVolumeClaims().inNamespace(APP_NAMESPACE).resource(new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(name).addToLabels("app", app).endMetadata()
                .withNewSpec().withStorageClassName(storageClass).withAccessModes("ReadWriteOnce")
                .withNewResources().addToRequests("storage", new Quantity("1Mi")).endResources().endSpec()
                .build()).create();
    }

    /** A claim bound to a new PersistentVolume {@code pvc-<uid>}, a volume of the block store; returns its name. */
    private static String boundClaim(String name, String app, String storageClass) {
        claim(name, app, storageClass);
        return bind(name);
    }

    private static String bind(String claim) {
        String volume = "pvc-" + UUID.randomUUID();
        blocks.createVolume(volume, 1 << 20, 4096, VolumeRole.PRIMARY);
        kube.persistentVolumes().resource(new PersistentVolumeBuilder()
                .withNewMetadata().withName(volume).endMetadata()
                .withNewSpec().addToCapacity("storage", new Quantity("1Mi")).withNewClaimRef()
                .withNamespace(APP_NAMESPACE).withName(claim).endClaimRef().endSpec()
                .build()).create();
        kube.persistentVolumeClaims().inNamespace(APP_NAMESPACE).withName(claim).edit(pvc ->
                new PersistentVolumeClaimBuilder(pvc).editSpec().withVolumeName(volume).endSpec().build());
        kube.persistentVolumeClaims().inNamespace(APP_NAMESPACE).withName(claim).editStatus(pvc ->
                new PersistentVolumeClaimBuilder(pvc).withNewStatus().withPhase("Bound").endStatus().build());
        return volume;
    }

    private static ProtectedApplicationStatus status(String app) {
        ProtectedApplication resource = kube.resources(ProtectedApplication.class).inNamespace(NAMESPACE)
                .withName(app).get();
        assertThat(resource.getStatus()).as("status of %s", app).isNotNull();
        return resource.getStatus();
    }

    /**
     * Edits the application as a user would, again when the controller wrote its status in between (409: the edit
     * carries the resource version it read).
     */
    private void editApplication(String app, Consumer<ProtectedApplication> change) {
        await().atMost(WAIT)
                .ignoreExceptionsMatching(e -> e instanceof KubernetesClientException k && k.getCode() == 409)
                .until(() -> {
                    kube.resources(ProtectedApplication.class).inNamespace(NAMESPACE).withName(app).edit(edited -> {
                        change.accept(edited);
                        return edited;
                    });
                    return true;
                });
    }

    private static Condition condition(String app, String type) {
        Condition condition = Conditions.find(status(app).getConditions(), type);
        assertThat(condition).as("condition %s of %s", type, app).isNotNull();
        return condition;
    }

    private static Condition scheduleValid(String name) {
        SnapshotSchedule schedule = kube.resources(SnapshotSchedule.class).inNamespace(NAMESPACE).withName(name).get();
        assertThat(schedule.getStatus()).isNotNull();
        return Conditions.find(schedule.getStatus().getConditions(), "Valid");
    }

    private static JsonNode group(String groupId) throws IOException, InterruptedException {
        return get("/groups/" + groupId);
    }

    private static int groupStatus(String groupId) throws IOException, InterruptedException {
        return httpStatus("/groups/" + groupId);
    }

    private static JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path)).GET());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static int httpStatus(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET()).statusCode();
    }

    private static void put(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path)).header("Content-Type",
                "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private static void delete(String path) throws IOException, InterruptedException {
        assertThat(send(HttpRequest.newBuilder(uri(path)).DELETE()).statusCode()).isEqualTo(204);
    }

    private static URI uri(String path) {
        return URI.create(snapshots.url() + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
