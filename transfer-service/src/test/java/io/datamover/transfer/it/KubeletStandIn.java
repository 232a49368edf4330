package io.datamover.transfer.it;

import io.datamover.runtime.ServiceProcess;
import io.datamover.transfer.domain.MoverNames;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Plays the kubelet (and the CSI provisioner) for the mover pods of the transfer-service under test. For a volume it
 * is told to serve, it starts the real block-mover at once (a JVM takes longer to start than the tests' ready
 * timeout) on the file holding the snapshot's bytes; when the volume's mover pod appears, it checks that the pod's
 * environment configures the mover it runs (the pod fails if not), puts the token of the pod's Secret in the mover's
 * token file, as the mounted Secret would be, binds the claim and sets the pod Ready at 127.0.0.1. For a volume told
 * to fail, the pod fails; for one told to bind only, the claim is bound and the pod never gets ready; any other pod's
 * claim is never bound. A deleted pod's mover is stopped.
 */
final class KubeletStandIn implements AutoCloseable {

    /** What the stand-in saw of a mover pod when it appeared: the pod, and its claim and Secret at that time. */
    record Seen(Pod pod, PersistentVolumeClaim claim, Secret secret) {
    }

    /** A mover started for a volume, waiting for its pod. */
    private record Mover(ServiceProcess process, Map<String, String> env, Path tokenFile) {
    }

    private final KubernetesClient client;
    private final int moverPort;
    private final Path logs;
    private final Map<String, Mover> served = new ConcurrentHashMap<>();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final Set<String> boundOnly = ConcurrentHashMap.newKeySet();
    private final Map<String, ServiceProcess> movers = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final SharedIndexInformer<Pod> informer;

    private KubeletStandIn(KubernetesClient client, int moverPort, Path logs) {
        this.client = client;
        this.moverPort = moverPort;
        this.logs = logs;
        this.informer = client.pods().inAnyNamespace()
                .withLabel(MoverNames.MANAGED_BY_LABEL, MoverNames.MANAGED_BY)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Pod pod) {
                        started(pod);
                    }

                    @Override
                    public void onUpdate(Pod before, Pod after) {
                    }

                    @Override
                    public void onDelete(Pod pod, boolean finalStateUnknown) {
                        Optional.ofNullable(movers.remove(pod.getMetadata().getName())).ifPresent(ServiceProcess::stop);
                    }
                });
    }

    /**
     * @param moverPort the port the transfer-service expects movers on ({@code datamover.transfer.mover.port})
     * @param logs where the movers' logs and token files go
     */
    static KubeletStandIn start(KubernetesClient client, int moverPort, Path logs) {
        return new KubeletStandIn(client, moverPort, logs);
    }

    /** The mover pod of snapshot 1 of the volume, {@code bytes} large, runs a mover on {@code device} and gets Ready. */
    void serve(String volumeId, long bytes, Path device) throws IOException {
        Path tokenFile = logs.resolve(volumeId + ".token");
        Files.writeString(tokenFile, "not-the-token-of-any-pod-yet");
        Map<String, String> env = Map.of("QUARKUS_HTTP_PORT", Integer.toString(moverPort),
                "DATAMOVER_MOVER_VOLUME_ID", volumeId, "DATAMOVER_MOVER_SNAPSHOT", "1",
                "DATAMOVER_MOVER_VOLUME_BYTES", Long.toString(bytes));
        ServiceProcess process = ServiceProcess.builder("block-mover")
                .port(moverPort)
                .property("datamover.mover.device-path", device.toString())
                .property("datamover.mover.volume-id", volumeId)
                .property("datamover.mover.snapshot", "1")
                .property("datamover.mover.volume-bytes", Long.toString(bytes))
                .property("datamover.mover.token-file", tokenFile.toString())
                .jvmOption("-Xmx128m")
                .logFile(logs.resolve(volumeId + "-mover.log"))
                .build();
        served.put(volumeId, new Mover(process, env, tokenFile));
        process.start();
    }

    /** The mover pods of the volume fail, as one whose container exits does. */
    void fail(String volumeId) {
        failing.add(volumeId);
    }

    /** The claims of the volume's mover pods are bound, but the pods never get Ready. */
    void bindOnly(String volumeId) {
        boundOnly.add(volumeId);
    }

    /** The mover pods of the volume seen so far, with their claims and Secrets. */
    List<Seen> seen(String volumeId) {
        return seen.stream()
                .filter(s -> volumeId.equals(s.pod().getMetadata().getLabels().get(MoverNames.VOLUME_LABEL)))
                .toList();
    }

    /** Movers running now. */
    int runningMovers() {
        return (int) movers.values().stream().filter(ServiceProcess::isAlive).count();
    }

    private void started(Pod pod) {
        String namespace = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        String volumeId = pod.getMetadata().getLabels().get(MoverNames.VOLUME_LABEL);
        PersistentVolumeClaim claim = client.persistentVolumeClaims().inNamespace(namespace).withName(name).get();
        Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        seen.add(new Seen(pod, claim, secret));
        Mover mover = served.remove(volumeId);
        if (mover != null) {
            movers.put(name, mover.process());
            String mismatch = mismatch(pod, mover.env());
            if (mismatch != null) {
                failed(namespace, name, mismatch);
                return;
            }
            writeToken(mover.tokenFile(), secret);
            bind(claim);
            client.pods().inNamespace(namespace).withName(name).editStatus(p -> new PodBuilder(p).withNewStatus()
                    .withPhase("Running").withPodIP("127.0.0.1")
                    .addNewCondition().withType("Ready").withStatus("True").endCondition()
                    .endStatus().build());
        } else if (failing.contains(volumeId)) {
            bind(claim);
            failed(namespace, name, "invalid configuration: datamover.mover.device-path names nothing this process"
                    + " can read");
        } else if (boundOnly.contains(volumeId)) {
            bind(claim);
        }
    }

    private void bind(PersistentVolumeClaim claim) {
        client.persistentVolumeClaims().inNamespace(claim.getMetadata().getNamespace())
                .withName(claim.getMetadata().getName()).editStatus(c -> new PersistentVolumeClaimBuilder(c)
                        .withNewStatus().withPhase("Bound").endStatus().build());
    }

    private void failed(String namespace, String name, String message) {
        client.pods().inNamespace(namespace).withName(name).editStatus(p -> new PodBuilder(p).withNewStatus()
                .withPhase("Failed")
                .addNewContainerStatus().withName("mover").withNewState().withNewTerminated().withExitCode(1)
                .withReason("Error").withMessage(message).endTerminated().endState().endContainerStatus()
                .endStatus().build());
    }

    /** What of the pod's environment differs from the mover's configuration, null when nothing does. */
    private static String mismatch(Pod pod, Map<String, String> expected) {
        Map<String, String> env = new HashMap<>();
        for (EnvVar var : pod.getSpec().getContainers().get(0).getEnv()) {
            env.put(var.getName(), var.getValue());
        }
        return expected.entrySet().stream().filter(e -> !e.getValue().equals(env.get(e.getKey())))
                .map(e -> "stand-in: the pod sets " + e.getKey() + "=" + env.get(e.getKey()) + ", not "
                        + e.getValue())
                .findFirst().orElse(null);
    }

    private static void writeToken(Path tokenFile, Secret secret) {
        try {
            Files.writeString(tokenFile, token(secret));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The API server turns {@code stringData} into {@code data}; the mock server keeps what it was given. */
    private static String token(Secret secret) {
        if (secret.getStringData() != null && secret.getStringData().containsKey(MoverNames.TOKEN_KEY)) {
            return secret.getStringData().get(MoverNames.TOKEN_KEY);
        }
        return new String(Base64.getDecoder().decode(secret.getData().get(MoverNames.TOKEN_KEY)),
                StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        informer.close();
        ServiceProcess.stopAll(Stream.concat(movers.values().stream(), served.values().stream().map(Mover::process))
                .toList());
        movers.clear();
        served.clear();
    }
}
