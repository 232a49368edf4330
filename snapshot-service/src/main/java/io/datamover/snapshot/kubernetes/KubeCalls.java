package io.datamover.snapshot.kubernetes;

import io.datamover.snapshot.domain.ProtectionException;
import io.datamover.snapshot.domain.ProtectionException.Reason;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.Supplier;

/** A call of the csi backend to the API server: a failure is a 503 naming what was done at which site. */
final class KubeCalls {

    private KubeCalls() {
    }

    static <T> T call(String site, String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            throw failure(site, what, e);
        }
    }

    static ProtectionException failure(String site, String what, KubernetesClientException e) {
        return new ProtectionException(Reason.STORE_UNAVAILABLE, null, "the Kubernetes API of site " + site
                + " failed to " + what + ": " + e.getMessage(), e);
    }
}
