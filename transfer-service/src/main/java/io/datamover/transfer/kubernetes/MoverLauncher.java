package io.datamover.transfer.kubernetes;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.transfer.config.TransferConfig;
import io.datamover.transfer.domain.MoverNames;
import io.datamover.transfer.domain.TransferException;
import io.datamover.transfer.domain.TransferException.Reason;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Starts and deletes mover pods ({@link MoverObjects}), for reading a csi snapshot and for writing into a csi
 * replica alike: deletes the objects of an earlier attempt of the same name, creates a Secret with a random token
 * (and the restored claim, to read a snapshot) and the pod, and waits (a watch) until the pod is Ready with an IP, at
 * most {@code datamover.transfer.mover.ready-timeout}. Every failure is a {@link TransferException} that says what
 * could not be done and names the object.
 */
final class MoverLauncher {

    private static final Logger LOG = Logger.getLogger(MoverLauncher.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<Class<? extends HasMetadata>> KINDS = List.of(Pod.class, PersistentVolumeClaim.class,
            Secret.class);

    private final KubernetesClient client;
    private final TransferConfig.Mover mover;

    MoverLauncher(KubernetesClient client, TransferConfig.Mover mover) {
        this.client = client;
        this.mover = mover;
    }

    /**
     * Starts the mover and answers a client of it that sends its token; on any failure deletes what it created.
     */
    BlockStoreClient start(MoverObjects objects) {
        String token = token();
        try {
            removeFormer(objects);
            api(objects, "create Secret " + where(objects), () -> client.resource(objects.secret(token)).create());
            if (!objects.replica()) {
                api(objects, "create PersistentVolumeClaim " + where(objects), () -> client.resource(objects.claim()).create());
            }
            api(objects, "create Pod " + where(objects), () -> client.resource(objects.pod(mover)).create());
            String ip = awaitReady(objects);
            return BlockStoreClient.of("http://" + ip + ":" + mover.port()).withBearerToken(token);
        } catch (RuntimeException e) {
            delete(objects);
            throw e;
        }
    }

    /** Deletes the pod, the Secret and the restored claim; a failure leaves them to the next start, and says so. */
    void delete(MoverObjects objects) {
        try {
            client.pods().inNamespace(objects.namespace()).withName(objects.name()).delete();
            if (!objects.replica()) {
                client.persistentVolumeClaims().inNamespace(objects.namespace()).withName(objects.name()).delete();
            }
            client.secrets().inNamespace(objects.namespace()).withName(objects.name()).delete();
            LOG.infof("%s: deleted mover %s", objects.describe(), what(objects));
        } catch (KubernetesClientException e) {
            LOG.warnf("%s: cannot delete mover %s (the next start deletes them): %s", objects.describe(),
                    what(objects), e.getMessage());
        }
    }

    /** Deletes the pod and waits until it is gone, so that its device is free. */
    void deleteAndWait(MoverObjects objects) {
        api(objects, "delete Pod " + where(objects), () -> {
            var pod = client.pods().inNamespace(objects.namespace()).withName(objects.name());
            pod.delete();
            pod.waitUntilCondition(Objects::isNull, mover.readyTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return null;
        });
        delete(objects);
    }

    /**
     * Deletes every pod, claim and Secret labelled as the site's transfer-service's mover objects, in any namespace.
     *
     * @throws KubernetesClientException when the API fails
     */
    void removeLeftovers(String site) {
        for (Class<? extends HasMetadata> type : KINDS) {
            List<? extends HasMetadata> left = client.resources(type).inAnyNamespace()
                    .withLabels(MoverNames.selector(site)).list().getItems();
            for (HasMetadata object : left) {
                LOG.infof("deleting %s %s/%s, left by an earlier run of site %s's transfer-service",
                        object.getKind(), object.getMetadata().getNamespace(), object.getMetadata().getName(), site);
                client.resource(object).delete();
            }
        }
    }

    /** Waits for the pod to be Ready with an IP; a failed pod, or none in time, fails naming why. */
    private String awaitReady(MoverObjects objects) {
        Pod pod;
        try {
            pod = client.pods().inNamespace(objects.namespace()).withName(objects.name())
                    .waitUntilCondition(p -> p == null || MoverPodStatus.of(p).settled(),
                            mover.readyTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (KubernetesClientTimeoutException e) {
            throw failed(objects, notReadyInTime(objects), e);
        } catch (KubernetesClientException e) {
            throw apiFailure(objects, "wait for Pod " + where(objects), e);
        }
        if (pod == null) {
            throw failed(objects, "mover pod " + where(objects) + " was deleted before it became Ready", null);
        }
        MoverPodStatus status = MoverPodStatus.of(pod);
        if (status.failed()) {
            throw failed(objects, "mover pod " + where(objects) + " failed: " + status.why(), null);
        }
        return status.ip();
    }

    private String notReadyInTime(MoverObjects objects) {
        Duration timeout = mover.readyTimeout();
        String limit = timeout.toMillis() + " ms (datamover.transfer.mover.ready-timeout)";
        String claimName = objects.namespace() + "/" + objects.claimName();
        PersistentVolumeClaim claim = api(objects, "read PersistentVolumeClaim " + claimName, () -> client
                .persistentVolumeClaims().inNamespace(objects.namespace()).withName(objects.claimName()).get());
        String phase = claim == null || claim.getStatus() == null ? null : claim.getStatus().getPhase();
        if (!"Bound".equals(phase)) {
            String restored = objects.replica() ? "" : " restored from VolumeSnapshot "
                    + MoverNames.volumeSnapshot(objects.volumeId(), objects.snapshot());
            return "PersistentVolumeClaim " + claimName + restored + " was not bound within " + limit + " ("
                    + (phase == null ? "no phase yet" : "phase " + phase) + "), so mover pod " + where(objects)
                    + " timed out";
        }
        return "mover pod " + where(objects) + " timed out: not Ready with a pod IP within " + limit;
    }

    /** Deletes the objects of an earlier attempt of the same name, whose token is not this attempt's. */
    private void removeFormer(MoverObjects objects) {
        api(objects, "delete former objects " + where(objects), () -> {
            for (Class<? extends HasMetadata> type : KINDS) {
                var resource = client.resources(type).inNamespace(objects.namespace()).withName(objects.name());
                if (resource.get() != null) {
                    LOG.infof("%s: deleting %s %s left by an earlier attempt", objects.describe(),
                            type.getSimpleName(), where(objects));
                    resource.delete();
                    resource.waitUntilCondition(Objects::isNull, mover.readyTimeout().toMillis(),
                            TimeUnit.MILLISECONDS);
                }
            }
            return null;
        });
    }

    private static String what(MoverObjects objects) {
        return (objects.replica() ? "pod and Secret " : "pod, claim and Secret ") + where(objects);
    }

    static String where(MoverObjects objects) {
        return objects.namespace() + "/" + objects.name();
    }

    private static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private <T> T api(MoverObjects objects, String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            throw apiFailure(objects, what, e);
        }
    }

    private static TransferException apiFailure(MoverObjects objects, String what, KubernetesClientException e) {
        return new TransferException(Reason.STORE_FAILED, null, "cannot " + objects.doing() + ": the Kubernetes API"
                + " failed to " + what + ": " + e.getMessage(), e);
    }

    /** A mover that cannot read fails the set at once; one that cannot write is tried again by the source. */
    private static TransferException failed(MoverObjects objects, String why, Throwable cause) {
        return new TransferException(objects.replica() ? Reason.STORE_FAILED : Reason.SOURCE_READ_FAILED, null,
                "cannot " + objects.doing() + ": " + why, cause);
    }
}
