package io.datamover.kube.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datamover.events.ApplicationExported;
import io.datamover.events.DeadLetters;
import io.datamover.events.DecisionType;
import io.datamover.events.EventJson;
import io.datamover.events.EventPublisher;
import io.datamover.events.PlacementDecision;
import io.datamover.events.Topics;
import io.datamover.events.Versions;
import io.datamover.kube.config.ControllerConfig;
import io.datamover.kube.config.KafkaConfig;
import io.datamover.kube.crd.MigrationLocation;
import io.datamover.kube.crd.MigrationLocationSpec;
import io.datamover.kube.crd.ProtectedApplication;
import io.datamover.kube.crd.ProtectedApplicationSpec;
import io.datamover.kube.crd.SnapshotSchedule;
import io.datamover.kube.crd.SnapshotScheduleSpec;
import io.datamover.kube.domain.Conditions;
import io.datamover.kube.domain.Ids;
import io.datamover.kube.domain.MoveOutcome;
import io.datamover.kube.domain.MovePlan;
import io.datamover.kube.domain.ObjectRef;
import io.datamover.runtime.RepoRoot;
import io.datamover.runtime.SharedKafka;
import io.datamover.runtime.TestEvents;
import io.datamover.runtime.TopicReader;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two sites, each a controller (wired as in production) against its own Fabric8 mock API server in CRUD mode, sharing
 * the real in-process KRaft broker: the source exports its applications, the test publishes placement's decisions,
 * and the target applies or removes the application while the source steps down.
 */
class MoveTest {

    private static final String NAMESPACE = "datamover";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    /** Fresh site ids per run: each site's consumer group starts at its controller's start. */
    private static final String SOURCE = TestEvents.uniqueId("stockholm");
    private static final String TARGET = TestEvents.uniqueId("falkenberg");

    private static Site source;
    private static Site target;
    private static EventPublisher placement;

    @BeforeAll
    static void start() throws IOException {
        source = Site.start(SOURCE);
        target = Site.start(TARGET);
        placement = TestEvents.publisher(SOURCE, "placement-service");
        KubernetesClient kube = source.client;
        kube.resources(SnapshotSchedule.class).inNamespace(NAMESPACE).resource(schedule()).create();
        kube.resources(MigrationLocation.class).inNamespace(NAMESPACE)
                .resource(location("dr", Map.of("fast", "premium"), Map.of("shop", "shop-dr"))).create();
    }

    @AfterAll
    static void stop() {
        placement.close();
        Stream.of(source, target).forEach(Site::stop);
    }

    @Test
    void shouldApplyTheApplicationAtTheTargetOnSwitchoverAndScaleTheSourceDown() {
        App app = exportedApplication("shop", "webshop");
        String decisionId = "switchover-" + app.groupId() + "-" + System.currentTimeMillis();

        publish(decisionId, DecisionType.SWITCHOVER, "freeze", app, null);
        KubernetesClient dr = target.client;
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(deployment(dr, "shop-dr", "web")).isNotNull());
        assertThat(replicas(dr, ExportedKind.DEPLOYMENT, "shop-dr", "web")).as("staged").isZero();
        assertThat(dr.persistentVolumeClaims().inNamespace("shop-dr").list().getItems()).as("staged").isEmpty();
        assertThat(dr.namespaces().withName("shop-dr").get().getMetadata().getLabels())
                .containsEntry(MovePlan.MANAGED_BY_LABEL, MovePlan.MANAGED_BY);

        Map<String, Long> finalSnapshots = Map.of(app.volumeId(), 42L);
        publish(decisionId, DecisionType.SWITCHOVER, "final-snapshot", app, finalSnapshots);
        publish(decisionId, DecisionType.SWITCHOVER, "commit", app, finalSnapshots);
        publish(decisionId, DecisionType.SWITCHOVER, "committed", app, finalSnapshots);

        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(replicas(dr, ExportedKind.DEPLOYMENT, "shop-dr", "web")).isEqualTo(2);
            assertThat(replicas(dr, ExportedKind.STATEFUL_SET, "shop-dr", "db")).isEqualTo(1);
        });
        PersistentVolumeClaim claim = dr.persistentVolumeClaims().inNamespace("shop-dr").withName("data").get();
        assertThat(claim.getSpec().getStorageClassName()).isEqualTo("premium");
        assertThat(claim.getSpec().getVolumeName()).isNull();
        assertThat(claim.getSpec().getDataSource().getKind()).isEqualTo("VolumeSnapshot");
        assertThat(claim.getSpec().getDataSource().getApiGroup()).isEqualTo("snapshot.storage.k8s.io");
        assertThat(claim.getSpec().getDataSource().getName()).isEqualTo(app.volumeId() + ".42");
        assertThat(dr.services().inNamespace("shop-dr").withName("web").get().getSpec().getClusterIP()).isNull();
        assertThat(dr.configMaps().inNamespace("shop-dr").withName("settings").get().getData())
                .containsEntry("mode", "live");
        assertThat(dr.configMaps().inNamespace("shop-dr").withName("unrelated").get()).as("not selected").isNull();
        assertThat(dr.apps().statefulSets().inNamespace("shop-dr").withName("db").get().getSpec()
                .getVolumeClaimTemplates().get(0).getSpec().getStorageClassName()).isEqualTo("premium");

        KubernetesClient home = source.client;
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(replicas(home, ExportedKind.DEPLOYMENT, "shop", "web")).isZero();
            assertThat(replicas(home, ExportedKind.STATEFUL_SET, "shop", "db")).isZero();
            assertThat(condition(home, "webshop", MoveConditions.MOVED)).isNotNull().satisfies(moved -> {
                assertThat(moved.getStatus()).isEqualTo(Conditions.TRUE);
                assertThat(moved.getReason()).isEqualTo("SteppedDown");
                assertThat(moved.getMessage()).contains(decisionId);
            });
        });
        assertThat(deployment(home, "shop", "web").getMetadata().getAnnotations())
                .containsEntry(MovePlan.REPLICAS_ANNOTATION, "2");

        Event applied = awaitEvent(dr, "shop-dr", decisionId, MoveOutcome.APPLIED);
        assertThat(applied.getType()).isEqualTo("Normal");
        assertThat(applied.getInvolvedObject().getKind()).isEqualTo(MoveRecorder.GROUP_KIND);
        assertThat(applied.getInvolvedObject().getName()).isEqualTo(app.groupId());
        assertThat(applied.getMessage()).contains(app.groupId(), decisionId, "applied in namespace shop-dr");
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(target.moves().find(app.groupId())).hasValueSatisfying(report -> {
                assertThat(report.outcome()).isEqualTo(MoveOutcome.APPLIED);
                assertThat(report.step()).isEqualTo("committed");
                assertThat(report.namespace()).isEqualTo("shop-dr");
            });
            assertThat(source.moves().find(app.groupId())).hasValueSatisfying(report -> assertThat(report.outcome())
                    .isEqualTo(MoveOutcome.STEPPED_DOWN));
        });
    }

    @Test
    void shouldLeaveNothingAtTheTargetWhenTheSwitchoverIsAborted() {
        App app = exportedApplication("cart", "cart");
        String decisionId = "switchover-" + app.groupId() + "-" + System.currentTimeMillis();
        KubernetesClient dr = target.client;

        publish(decisionId, DecisionType.SWITCHOVER, "freeze", app, null);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(deployment(dr, "cart", "web")).isNotNull());
        assertThat(labelled(dr, "cart", decisionId)).isNotEmpty();

        publish(decisionId, DecisionType.ABORT, "abort", app, null);
        publish(decisionId, DecisionType.ABORT, "aborted", app, null);

        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(labelled(dr, "cart", decisionId)).isEmpty();
            assertThat(dr.namespaces().withName("cart").get()).as("the namespace the mover made").isNull();
        });
        assertThat(replicas(source.client, ExportedKind.DEPLOYMENT, "cart", "web")).as("the source").isEqualTo(2);
        assertThat(condition(source.client, "cart", MoveConditions.MOVED)).isNull();
    }

    @Test
    void shouldApplyThePromotedSnapshotsAtTheTargetOnFailoverAndFenceTheLostSource() {
        App app = exportedApplication("orders", "orders");
        String decisionId = "failover-" + app.groupId() + "-" + System.currentTimeMillis();

        publish(decisionId, DecisionType.FAILOVER, "promote", app, Map.of(app.volumeId(), 7L));

        KubernetesClient dr = target.client;
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(replicas(dr, ExportedKind.DEPLOYMENT, "orders", "web")).isEqualTo(2);
            assertThat(replicas(source.client, ExportedKind.DEPLOYMENT, "orders", "web")).as("fenced").isZero();
        });
        assertThat(dr.persistentVolumeClaims().inNamespace("orders").withName("data").get().getSpec()
                .getDataSource().getName()).isEqualTo(app.volumeId() + ".7");
    }

    /**
     * Without a second try the claim would never be made: a failover's only step here is {@code promote}. The same
     * failure twice is one Event, counted twice.
     */
    @Test
    void shouldTryAStepAgainThatTheApiServerFailedAndThenCarryItOut() {
        App app = exportedApplication("billing", "billing");
        String decisionId = "failover-" + app.groupId() + "-" + System.currentTimeMillis();
        target.server.expect().post().withPath("/api/v1/namespaces/billing/persistentvolumeclaims")
                .andReturn(500, new StatusBuilder().withCode(500).withMessage("etcdserver: request timed out").build())
                .times(2);

        publish(decisionId, DecisionType.FAILOVER, "promote", app, Map.of(app.volumeId(), 9L));

        KubernetesClient dr = target.client;
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(dr.persistentVolumeClaims().inNamespace("billing").withName("data").get()).isNotNull();
            assertThat(replicas(dr, ExportedKind.DEPLOYMENT, "billing", "web")).isEqualTo(2);
        });
        awaitEvent(dr, "billing", decisionId, MoveOutcome.APPLIED);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(events(dr, "billing", decisionId))
                .filteredOn(e -> MoveOutcome.RETRYING.reason().equals(e.getReason())).singleElement()
                .satisfies(retrying -> {
                    assertThat(retrying.getCount()).isEqualTo(2);
                    assertThat(retrying.getType()).isEqualTo("Warning");
                    assertThat(retrying.getInvolvedObject().getKind()).isEqualTo("PersistentVolumeClaim");
                    assertThat(retrying.getInvolvedObject().getNamespace()).isEqualTo("billing");
                    assertThat(retrying.getInvolvedObject().getName()).isEqualTo("data");
                    assertThat(retrying.getMessage()).contains(app.groupId(), decisionId, "promote",
                            "cannot create PersistentVolumeClaim billing/data",
                            "etcdserver: request timed out (HTTP 500)");
                }));
    }

    @Test
    void shouldReportAStepTheApiServerRefusedAtATargetWithoutTheApplicationAsAnEventOnTheObjectAndInMoves() {
        App app = exportedApplication("crm", "crm");
        String decisionId = "switchover-" + app.groupId() + "-" + System.currentTimeMillis();
        target.server.expect().post().withPath("/api/v1/namespaces/crm/configmaps")
                .andReturn(422, new StatusBuilder().withCode(422).withReason("Invalid")
                        .withMessage("ConfigMap \"settings\" is invalid: denied by policy require-owner").build())
                .once();
        assertThat(target.client.resources(ProtectedApplication.class).inNamespace(NAMESPACE).list().getItems())
                .as("the target has no ProtectedApplication").isEmpty();

        publish(decisionId, DecisionType.SWITCHOVER, "freeze", app, null);

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(target.moves().find(app.groupId()))
                .hasValueSatisfying(report -> {
                    assertThat(report.outcome()).isEqualTo(MoveOutcome.FAILED);
                    assertThat(report.decisionId()).isEqualTo(decisionId);
                    assertThat(report.step()).isEqualTo("freeze");
                    assertThat(report.action()).isEqualTo("stage");
                    assertThat(report.namespace()).isEqualTo("crm");
                    assertThat(report.object()).isEqualTo(new ObjectRef("v1", "ConfigMap", "crm", "settings"));
                    assertThat(report.message()).contains(app.groupId(), decisionId, "freeze",
                            "cannot create ConfigMap crm/settings", "denied by policy require-owner (HTTP 422)");
                }));
        Event failed = awaitEvent(target.client, "crm", decisionId, MoveOutcome.FAILED);
        assertThat(failed.getType()).isEqualTo("Warning");
        assertThat(failed.getInvolvedObject().getKind()).isEqualTo("ConfigMap");
        assertThat(failed.getInvolvedObject().getNamespace()).isEqualTo("crm");
        assertThat(failed.getInvolvedObject().getName()).isEqualTo("settings");
        assertThat(failed.getMetadata().getLabels()).containsEntry(MovePlan.GROUP_LABEL, app.groupId());
        assertThat(failed.getMessage()).contains(app.groupId(), decisionId, "freeze", "ConfigMap crm/settings",
                "denied by policy require-owner");
    }

    @Test
    void shouldWithdrawADeletedApplicationsExportSoThatALaterDecisionAppliesNothingAndFailsVisibly() {
        App app = exportedApplication("ledger", "ledger");
        awaitTombstone(app, () -> source.client.resources(ProtectedApplication.class).inNamespace(NAMESPACE)
                .withName("ledger").delete());
        String decisionId = "failover-" + app.groupId() + "-" + System.currentTimeMillis();

        publish(decisionId, DecisionType.FAILOVER, "promote", app, Map.of(app.volumeId(), 5L));

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(target.moves().find(app.groupId()))
                .hasValueSatisfying(report -> {
                    assertThat(report.outcome()).isEqualTo(MoveOutcome.FAILED);
                    assertThat(report.decisionId()).isEqualTo(decisionId);
                    assertThat(report.action()).isEqualTo("complete");
                    assertThat(report.namespace()).isNull();
                    assertThat(report.message()).contains(app.groupId(), decisionId, "promote",
                            "no export of group " + app.groupId() + " from " + SOURCE + " for " + TARGET);
                }));
        Event failed = awaitEvent(target.client, NAMESPACE, decisionId, MoveOutcome.FAILED);
        assertThat(failed.getType()).isEqualTo("Warning");
        assertThat(failed.getInvolvedObject().getKind()).isEqualTo(MoveRecorder.GROUP_KIND);
        assertThat(failed.getInvolvedObject().getName()).isEqualTo(app.groupId());
        assertThat(failed.getMessage()).contains(decisionId, "no export");
        assertThat(target.client.namespaces().withName("ledger").get()).as("nothing applied").isNull();
        assertThat(target.client.apps().deployments().inAnyNamespace().withLabel(MovePlan.GROUP_LABEL, app.groupId())
                .list().getItems()).as("nothing applied").isEmpty();
    }

    /** The new controller never published the export: only reading its own keys back finds it. */
    @Test
    void shouldWithdrawAfterARestartAnExportPublishedBeforeItThatIsNoLongerWanted() {
        App app = exportedApplication("journal", "journal");
        source.stopController();
        source.client.resources(ProtectedApplication.class).inNamespace(NAMESPACE).withName("journal")
                .edit(application -> {
                    application.getSpec().setSchedule("no-such-schedule");
                    return application;
                });

        awaitTombstone(app, () -> source = source.startController());

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(condition(source.client, "journal", Conditions.VALID))
                .isNotNull().extracting(Condition::getReason).isEqualTo("UnknownSchedule"));
    }

    @Test
    void shouldDeadLetterMalformedEventsWithTheReasonAndRefuseAnInvalidMapping() {
        try (TopicReader deadLetters = TopicReader.fromEnd(Topics.DEAD_LETTER)) {
            String badKey = TestEvents.uniqueId("bad");
            TestEvents.sendRaw(Topics.PLACEMENT_DECISION, badKey, "{\"decisionId\": \"d\", \"step\": ");
            TestEvents.sendRaw(Topics.PLACEMENT_DECISION, badKey + "-group", EventJson.writeString(
                    PlacementDecision.of("d", DecisionType.SWITCHOVER, "freeze", "webshop", List.of(), SOURCE, TARGET,
                            "test")).replace("\"webshop\"", "\"../etc\""));
            TestEvents.sendRaw(Topics.APPLICATION_EXPORTED, badKey, EventJson.writeString(ApplicationExported.of(
                    "webshop", SOURCE, TARGET, "shop", "shop", List.of(), Map.of())));

            ConsumerRecord<String, String> decision = deadLetters.await("dead-lettered decision",
                    r -> badKey.equals(r.key()) && Topics.PLACEMENT_DECISION.equals(
                            TopicReader.header(r, DeadLetters.TOPIC)));
            assertThat(TopicReader.header(decision, DeadLetters.REASON)).contains("malformed placement-decision");
            ConsumerRecord<String, String> badGroup = deadLetters.await("dead-lettered decision with a bad group id",
                    r -> (badKey + "-group").equals(r.key()));
            assertThat(TopicReader.header(badGroup, DeadLetters.REASON)).contains("groupId", "'../etc'");
            ConsumerRecord<String, String> export = deadLetters.await("dead-lettered export",
                    r -> badKey.equals(r.key()) && Topics.APPLICATION_EXPORTED.equals(
                            TopicReader.header(r, DeadLetters.TOPIC)));
            assertThat(TopicReader.header(export, DeadLetters.REASON)).contains("key '" + badKey + "'",
                    "webshop." + TARGET);
        }

        source.client.resources(MigrationLocation.class).inNamespace(NAMESPACE).resource(location("broken",
                Map.of(), Map.of("shop", "Shop_DR"))).create();
        await().atMost(TIMEOUT).untilAsserted(() -> {
            MigrationLocation broken = source.client.resources(MigrationLocation.class).inNamespace(NAMESPACE)
                    .withName("broken").get();
            Condition valid = broken.getStatus() == null ? null
                    : Conditions.find(broken.getStatus().getConditions(), Conditions.VALID);
            assertThat(valid).isNotNull();
            assertThat(valid.getStatus()).isEqualTo(Conditions.FALSE);
            assertThat(valid.getReason()).isEqualTo("InvalidNamespaceMapping");
            assertThat(valid.getMessage()).contains("spec.namespaceMapping.shop is not a namespace name: 'Shop_DR'");
        });
    }

    /** A protected application's group and the volume of its claim {@code data}. */
    private record App(String groupId, String volumeId) {
    }

    /** An application in {@code namespace} at the source, protected as {@code name}, once its export is published. */
    private static App exportedApplication(String namespace, String name) {
        KubernetesClient kube = source.client;
        String volumeId = "pvc-" + UUID.randomUUID();
        Map<String, String> labels = Map.of("app", name);
        kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                .create();
        create(kube, namespace, new DeploymentBuilder().withNewMetadata().withName("web").withLabels(labels)
                .addToAnnotations("kubectl.kubernetes.io/last-applied-configuration", "{}").endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(labels).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata().withNewSpec().addNewContainer()
                .withName("web").withImage("nginx").endContainer().endSpec().endTemplate().endSpec().build());
        create(kube, namespace, new StatefulSetBuilder().withNewMetadata().withName("db").withLabels(labels)
                .endMetadata().withNewSpec().withReplicas(1).withServiceName("db").withNewSelector()
                .withMatchLabels(labels).endSelector().withNewTemplate().withNewMetadata().withLabels(labels)
                .endMetadata().withNewSpec().addNewContainer().withName("db").withImage("postgres").endContainer()
                .endSpec().endTemplate().addNewVolumeClaimTemplate().withNewMetadata().withName("wal").endMetadata()
                .withNewSpec().withStorageClassName("fast").endSpec().endVolumeClaimTemplate().endSpec().build());
        create(kube, namespace, new ServiceBuilder().withNewMetadata().withName("web").withLabels(labels)
                .endMetadata().withNewSpec().withClusterIP("10.0.0.7").withSelector(labels).addNewPort().withPort(80)
                .endPort().endSpec().build());
        create(kube, namespace, new ConfigMapBuilder().withNewMetadata().withName("settings").withLabels(labels)
                .endMetadata().addToData("mode", "live").build());
        create(kube, namespace, new ConfigMapBuilder().withNewMetadata().withName("unrelated").endMetadata()
                .addToData("mode", "other").build());
        kube.persistentVolumes().resource(new PersistentVolumeBuilder().withNewMetadata().withName(volumeId)
                .endMetadata().withNewSpec().addToCapacity("storage", new Quantity("1Gi")).endSpec().build())
                .create();
        create(kube, namespace, new PersistentVolumeClaimBuilder().withNewMetadata().withName("data")
                .withLabels(labels).addToAnnotations("pv.kubernetes.io/bind-completed", "yes").endMetadata()
                .withNewSpec().withStorageClassName("fast").withVolumeName(volumeId).withAccessModes("ReadWriteOnce")
                .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources().endSpec()
                .withNewStatus().withPhase("Bound").endStatus().build());

        ProtectedApplicationSpec spec = new ProtectedApplicationSpec();
        spec.setNamespace(namespace);
        spec.setSelector(new LabelSelectorBuilder().withMatchLabels(labels).build());
        spec.setSchedule("every-minute");
        spec.setLocations(List.of("dr"));
        ProtectedApplication application = new ProtectedApplication();
        application.getMetadata().setName(name);
        application.setSpec(spec);
        kube.resources(ProtectedApplication.class).inNamespace(NAMESPACE).resource(application).create();
        String groupId = Ids.groupId(NAMESPACE, name);
        awaitExport(groupId);
        return new App(groupId, volumeId);
    }

    /** Waits for the export with the claim (a pass before the informers saw it bound exports it without). */
    private static void awaitExport(String groupId) {
        try (TopicReader exports = TopicReader.fromBeginning(Topics.APPLICATION_EXPORTED,
                r -> ApplicationExported.key(groupId, TARGET).equals(r.key()) && r.value() != null)) {
            ApplicationExported export = exports.awaitEvent(ApplicationExported.class,
                    e -> e.site().equals(SOURCE) && e.volumes().containsKey("data"));
            assertThat(export.objects()).extracting(o -> o.get("kind") + "/" + MovePlan.name(o)).containsExactly(
                    "ConfigMap/settings", "Service/web", "PersistentVolumeClaim/data", "Deployment/web",
                    "StatefulSet/db");
        }
    }

    /** Does {@code change} and waits for the tombstone of the application's export for the target. */
    private static void awaitTombstone(App app, Runnable change) {
        String key = ApplicationExported.key(app.groupId(), TARGET);
        try (TopicReader exports = TopicReader.fromEnd(Topics.APPLICATION_EXPORTED)) {
            change.run();
            exports.await("the tombstone of " + key, r -> key.equals(r.key()) && r.value() == null);
        }
    }

    /** The Event of the decision with the outcome's reason in {@code namespace}, once there. */
    private static Event awaitEvent(KubernetesClient kube, String namespace, String decisionId, MoveOutcome outcome) {
        return await().atMost(TIMEOUT).until(() -> events(kube, namespace, decisionId).stream()
                .filter(e -> outcome.reason().equals(e.getReason())).findFirst(), Optional::isPresent).get();
    }

    private static List<Event> events(KubernetesClient kube, String namespace, String decisionId) {
        return kube.v1().events().inNamespace(namespace)
                .withLabel(MovePlan.DECISION_LABEL, Ids.decisionLabel(decisionId)).list().getItems();
    }

    private static void publish(String decisionId, DecisionType type, String step, App app,
            Map<String, Long> snapshots) {
        placement.publish(new PlacementDecision(Versions.CURRENT, UUID.randomUUID().toString(), Instant.now(),
                decisionId, type, step, app.groupId(), List.of(app.volumeId()), SOURCE, TARGET, "test: " + step,
                snapshots == null ? null : new TreeMap<>(snapshots)));
    }

    private static void create(KubernetesClient kube, String namespace, HasMetadata object) {
        kube.resource(object).inNamespace(namespace).create();
    }

    private static Deployment deployment(KubernetesClient kube, String namespace, String name) {
        return kube.apps().deployments().inNamespace(namespace).withName(name).get();
    }

    /** The replicas of a workload, null while it does not exist. */
    private static Integer replicas(KubernetesClient kube, ExportedKind kind, String namespace, String name) {
        HasMetadata workload = kube.resources(kind.type()).inNamespace(namespace).withName(name).get();
        if (workload instanceof Deployment deployment) {
            return deployment.getSpec().getReplicas();
        }
        return workload instanceof StatefulSet statefulSet ? statefulSet.getSpec().getReplicas() : null;
    }

    private static List<HasMetadata> labelled(KubernetesClient kube, String namespace, String decisionId) {
        return Stream.of(ExportedKind.values()).<HasMetadata>flatMap(kind -> kube.resources(kind.type())
                .inNamespace(namespace).withLabel(MovePlan.DECISION_LABEL, Ids.decisionLabel(decisionId)).list()
                .getItems().stream()).toList();
    }

    private static Condition condition(KubernetesClient kube, String application, String type) {
        ProtectedApplication resource = kube.resources(ProtectedApplication.class).inNamespace(NAMESPACE)
                .withName(application).get();
        return resource.getStatus() == null ? null : Conditions.find(resource.getStatus().getConditions(), type);
    }

    private static SnapshotSchedule schedule() {
        SnapshotScheduleSpec spec = new SnapshotScheduleSpec();
        spec.setInterval("1m");
        spec.setRetain(3);
        SnapshotSchedule schedule = new SnapshotSchedule();
        schedule.getMetadata().setName("every-minute");
        schedule.setSpec(spec);
        return schedule;
    }

    private static MigrationLocation location(String name, Map<String, String> storageClasses,
            Map<String, String> namespaces) {
        MigrationLocationSpec spec = new MigrationLocationSpec();
        spec.setSite(TARGET);
        spec.setTransferEndpoint("http://transfer-service." + TARGET + ":8080");
        spec.setKafkaBootstrapServers("kafka:9092");
        spec.setStorageClassMapping(storageClasses);
        spec.setNamespaceMapping(namespaces);
        MigrationLocation location = new MigrationLocation();
        location.getMetadata().setName(name);
        location.setSpec(spec);
        return location;
    }

    /** One site: a mock API server with the CRDs and a controller wired as in production, with its moves' log. */
    private record Site(String site, KubernetesMockServer server, KubernetesClient client, ControllerLoop loop,
            MoveLog moves) {

        static Site start(String site) throws IOException {
            KubernetesMockServer server = MockClients.crudServer();
            KubernetesClient client = MockClients.withoutRetries(server);
            try (Stream<Path> crds = Files.list(RepoRoot.find().resolve("deploy/crds"))) {
                for (Path crd : crds.filter(f -> f.getFileName().toString().endsWith("-v1.yml")).sorted().toList()) {
                    client.apiextensions().v1().customResourceDefinitions()
                            .resource(Serialization.unmarshal(Files.readString(crd), CustomResourceDefinition.class))
                            .create();
                }
            }
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata()
                    .build()).create();
            return run(site, server, client);
        }

        private static Site run(String site, KubernetesMockServer server, KubernetesClient client) {
            ControllerConfig config = new TestConfig(site);
            KafkaConfig kafka = SharedKafka::bootstrapServers;
            MoveLog moves = new MoveLog();
            ControllerLoop loop = new ControllerLoop(config, kafka, client, new Informers(client, config),
                    new StatusWriter(client), EventJson.mapper(), moves);
            loop.start(null);
            return new Site(site, server, client, loop, moves);
        }

        /** Stops the controller, leaving its cluster as it is. */
        void stopController() {
            loop.stop(null);
        }

        /** A new controller for the same cluster, as after a restart of its pod. */
        Site startController() {
            return run(site, server, client);
        }

        void stop() {
            loop.stop(null);
            client.close();
            server.destroy();
        }
    }

    /** The controller's configuration; its snapshot-service is not there (no port listens on 9), which it reports. */
    private record TestConfig(String site) implements ControllerConfig {

        @Override
        public String snapshotUrl() {
            return "http://127.0.0.1:9";
        }

        @Override
        public String namespace() {
            return NAMESPACE;
        }

        @Override
        public Duration resyncInterval() {
            return Duration.ofSeconds(2);
        }

        @Override
        public Duration snapshotTimeout() {
            return Duration.ofSeconds(1);
        }

        @Override
        public Optional<String> replicaNamespace() {
            return Optional.empty();
        }
    }
}
