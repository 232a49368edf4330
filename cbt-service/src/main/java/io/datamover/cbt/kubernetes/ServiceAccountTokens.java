package io.datamover.cbt.kubernetes;

import io.datamover.cbt.domain.ServiceAccountToken;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.grpc.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Audience-scoped tokens of one service account from the TokenRequest API
 * ({@code POST serviceaccounts/<name>/token}), each cached until {@code renewBefore} ahead of its expiry.
 */
public final class ServiceAccountTokens {

    private final KubernetesClient client;
    private final String namespace;
    private final String serviceAccount;
    private final Duration lifetime;
    private final Duration renewBefore;
    private final Clock clock;
    private final Map<String, ServiceAccountToken> cached = new HashMap<>();

    public ServiceAccountTokens(KubernetesClient client, String namespace, String serviceAccount, Duration lifetime,
            Duration renewBefore, Clock clock) {
        this.client = client;
        this.namespace = namespace;
        this.serviceAccount = serviceAccount;
        this.lifetime = lifetime;
        this.renewBefore = renewBefore;
        this.clock = clock;
    }

    /**
     * A token for {@code audience}: the cached one while usable, else a new one.
     *
     * @throws io.grpc.StatusRuntimeException UNAVAILABLE when the API server issues none
     */
    public synchronized ServiceAccountToken token(String audience) {
        ServiceAccountToken token = cached.get(audience);
        if (token == null || !token.usableAt(clock.instant(), renewBefore)) {
            token = request(audience);
            cached.put(audience, token);
        }
        return token;
    }

    /** Forgets {@code token}, which the service refused (revoked, say): the next call asks for a new one. */
    public synchronized void forget(String token) {
        cached.values().removeIf(cachedToken -> cachedToken.token().equals(token));
    }

    private ServiceAccountToken request(String audience) {
        Instant asked = clock.instant();
        TokenRequest issued;
        try {
            issued = client.serviceAccounts().inNamespace(namespace).withName(serviceAccount)
                    .tokenRequest(new TokenRequestBuilder()
                            .withNewSpec()
                            .withAudiences(List.of(audience))
                            .withExpirationSeconds(lifetime.toSeconds())
                            .endSpec()
                            .build());
        } catch (KubernetesClientException e) {
            throw unavailable(audience, e.getMessage(), e);
        }
        if (issued == null || issued.getStatus() == null || issued.getStatus().getToken() == null
                || issued.getStatus().getToken().isBlank()) {
            throw unavailable(audience, "the answer holds no token", null);
        }
        return new ServiceAccountToken(audience, issued.getStatus().getToken(),
                expiry(issued.getStatus().getExpirationTimestamp(), asked));
    }

    /** The expiry the API server states, or, if it states none readable, the lifetime asked for. */
    private Instant expiry(String stated, Instant asked) {
        try {
            return stated == null ? asked.plus(lifetime) : Instant.parse(stated);
        } catch (DateTimeParseException e) {
            return asked.plus(lifetime);
        }
    }

    private RuntimeException unavailable(String audience, String why, Throwable cause) {
        return Status.UNAVAILABLE.withDescription("no token for audience " + audience + " from the TokenRequest API"
                + " for service account " + namespace + "/" + serviceAccount + ": " + why).withCause(cause)
                .asRuntimeException();
    }
}
