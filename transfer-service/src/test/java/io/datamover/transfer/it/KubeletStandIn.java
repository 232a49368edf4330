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
 *
 * <p>Started {@link #withReplicas with replica devices}, it also runs the mover pods of csi replicas: when a pod in
 * replica mode appears, it waits until its claim's file is provisioned, starts the real block-mover in replica mode
 * on that file with the configuration the pod's environment states and the token of the pod's Secret, and sets the
 * pod Ready (or failed, when the pod does not mount the claim read-write as the replica device).
 *
 * <p>The movers run with the client compiler and the serial collector, as the local cluster's short-lived services
 * do: a mover starts for every snapshot, and its start, not its speed on these small volumes, is what a test waits
 * for.
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
    /** The files of the replica claims, null when the stand-in runs no replica movers. */
    private final ReplicaDevices devices;

    private KubeletStandIn(KubernetesClient client, int moverPort, Path logs, ReplicaDevices devices) {
        this.client = client;
        this.moverPort = moverPort;
        this.logs = logs;
        this.devices = devices;
        this.informer = client.pods().inAnyNamespace()
                .withLabel(MoverNames.MANAGED_BY_LABEL, MoverNames.MANAGED_BY)
                .inform(new AddDeleteHandler<>(this::started, pod -> Optional.ofNullable(
                        movers.remove(pod.getMetadata().getName())).ifPresent(ServiceProcess::stop)));
    }

    /**
     * @param moverPort the port the transfer-service expects movers on ({@code datamover.transfer.mover.port})
     * @param logs where the movers' logs and token files go
     */
    static KubeletStandIn start(KubernetesClient client, int moverPort, Path logs) {
        return new KubeletStandIn(client, moverPort, logs, null);
    }

    /** A stand-in that also runs the movers of csi replicas, on the claims' files of {@code devices}. */
    static KubeletStandIn withReplicas(KubernetesClient client, int moverPort, Path logs, ReplicaDevices devices) {
        return new KubeletStandIn(client, moverPort, logs, devices);
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
                .jvmOption("-XX:TieredStopAtLevel=1")
                .jvmOption("-XX:+UseSerialGC")
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
        if (devices != null && "replica".equals(env(pod).get("DATAMOVER_MOVER_MODE"))) {
            seen.add(new Seen(pod, null, secret));
            startReplicaMover(pod, secret);
            return;
        }
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

    /** Runs the block-mover in replica mode on the file of the claim the pod mounts, as the pod's env says. */
    private void startReplicaMover(Pod pod, Secret secret) {
        String namespace = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        Map<String, String> env = env(pod);
        var claimVolume = pod.getSpec().getVolumes().stream().filter(v -> v.getPersistentVolumeClaim() != null)
                .findFirst().orElseThrow().getPersistentVolumeClaim();
        if (Boolean.TRUE.equals(claimVolume.getReadOnly())
                || !"/dev/datamover-replica".equals(env.get("DATAMOVER_MOVER_DEVICE_PATH"))) {
            failed(namespace, name, "stand-in: a replica mover needs its claim read-write at /dev/datamover-replica");
            return;
        }
        devices.awaitProvisioned(namespace, claimVolume.getClaimName());
        Path tokenFile = logs.resolve(name + ".token");
        writeToken(tokenFile, secret);
        ServiceProcess.Builder builder = ServiceProcess.builder("block-mover")
                .port(Integer.parseInt(env.get("QUARKUS_HTTP_PORT")))
                .property("datamover.mover.mode", env.get("DATAMOVER_MOVER_MODE"))
                .property("datamover.mover.device-path", devices.claimFile(namespace, claimVolume.getClaimName())
                        .toString())
                .property("datamover.mover.volume-id", env.get("DATAMOVER_MOVER_VOLUME_ID"))
                .property("datamover.mover.snapshot", env.get("DATAMOVER_MOVER_SNAPSHOT"))
                .property("datamover.mover.volume-bytes", env.get("DATAMOVER_MOVER_VOLUME_BYTES"))
                .property("datamover.mover.token-file", tokenFile.toString())
                .jvmOption("-Xmx128m")
                .jvmOption("-XX:TieredStopAtLevel=1")
                .jvmOption("-XX:+UseSerialGC")
                .logFile(logs.resolve(name + "-mover.log"));
        Optional.ofNullable(env.get("DATAMOVER_MOVER_BASE_SNAPSHOT"))
                .ifPresent(base -> builder.property("datamover.mover.base-snapshot", base));
        ServiceProcess process = builder.build();
        movers.put(name, process);
        try {
            process.start();
        } catch (IllegalStateException e) {
            failed(namespace, name, e.getMessage());
            return;
        }
        client.pods().inNamespace(namespace).withName(name).editStatus(p -> new PodBuilder(p).withNewStatus()
                .withPhase("Running").withPodIP("127.0.0.1")
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .endStatus().build());
    }

    private static Map<String, String> env(Pod pod) {
        Map<String, String> env = new HashMap<>();
        for (EnvVar var : pod.getSpec().getContainers().get(0).getEnv()) {
            env.put(var.getName(), var.getValue());
        }
        return env;
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
        Map<String, String> env = env(pod);
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
