package io.datamover.kube.kubernetes;

import io.datamover.kube.domain.MovePlan;
import io.datamover.kube.domain.ObjectRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.function.Supplier;

/** The calls of a move step to the API server, each failure a {@link MoveException} naming what was done on what. */
final class ApiCalls {

    private ApiCalls() {
    }

    /** Calls the API server; a refusal or failure names {@code what} was done and on which object (or null). */
    static <T> T api(String what, ObjectRef object, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            String reason = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                    : e.getMessage();
            int code = e.getCode();
            boolean mayPass = code == 0 || code == 409 || code == 429 || code >= 500;
            throw new MoveException("cannot " + what + ": " + reason + (code == 0 ? " (no answer)"
                    : " (HTTP " + code + ")"), object, e, mayPass);
        }
    }

    /**
     * Creates the object {@code ref} unless it exists; one that exists must carry the decision's {@code label}: what
     * the data mover did not make for the decision is not taken over, and the step fails naming it.
     */
    static void createMissing(ObjectRef ref, String label, Supplier<? extends HasMetadata> read, Runnable create) {
        HasMetadata existing = api("read " + ref, ref, read);
        if (existing == null) {
            api("create " + ref, ref, () -> {
                create.run();
                return null;
            });
        } else if (!label.equals(labels(existing).get(MovePlan.DECISION_LABEL))) {
            throw new MoveException(ref + " exists already and was not made for this decision: left as it is", ref);
        }
    }

    static Map<String, String> labels(HasMetadata object) {
        return orEmpty(object.getMetadata().getLabels());
    }

    static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }
}
