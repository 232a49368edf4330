package io.datamover.cbt.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datamover.cbt.domain.ServiceAccountToken;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tokens from the TokenRequest API of the Fabric8 mock API server, cached until shortly before they expire. */
@EnableKubernetesMockClient
class ServiceAccountTokensTest {

    private static final String PATH = "/api/v1/namespaces/datamover/serviceaccounts/cbt-service/token";
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    KubernetesMockServer server;
    KubernetesClient client;

    private final List<TokenRequest> requests = new CopyOnWriteArrayList<>();
    private Instant now = START;

    @BeforeEach
    void issueTokens() {
        server.expect().post().withPath(PATH).andReply(201, this::issue).always();
    }

    @Test
    void shouldAskForATokenOfTheAudienceAndLifetimeAndKeepItUntilShortlyBeforeItExpires() {
        ServiceAccountTokens tokens = tokens();

        ServiceAccountToken first = tokens.token("snapshot-metadata");
        now = START.plus(Duration.ofMinutes(54));
        ServiceAccountToken cached = tokens.token("snapshot-metadata");
        now = START.plus(Duration.ofMinutes(55));
        ServiceAccountToken renewed = tokens.token("snapshot-metadata");

        assertThat(first.token()).isEqualTo("token-1-for-snapshot-metadata");
        assertThat(first.expiresAt()).isEqualTo(START.plus(Duration.ofHours(1)));
        assertThat(cached).isEqualTo(first);
        assertThat(renewed.token()).isEqualTo("token-2-for-snapshot-metadata");
        assertThat(requests).hasSize(2).allSatisfy(request -> {
            assertThat(request.getSpec().getAudiences()).containsExactly("snapshot-metadata");
            assertThat(request.getSpec().getExpirationSeconds()).isEqualTo(3600L);
        });
    }

    @Test
    void shouldKeepOneTokenPerAudienceAndAskAgainForARefusedOne() {
        ServiceAccountTokens tokens = tokens();

        ServiceAccountToken a = tokens.token("audience-a");
        ServiceAccountToken b = tokens.token("audience-b");
        tokens.forget(a.token());

        assertThat(tokens.token("audience-a").token()).isEqualTo("token-3-for-audience-a");
        assertThat(tokens.token("audience-b")).isEqualTo(b);
    }

    @Test
    void shouldSayWhichAccountGotNoTokenAsARetryableFailure() {
        ServiceAccountTokens tokens = new ServiceAccountTokens(client, "elsewhere", "cbt-service", Duration.ofHours(1),
                Duration.ofMinutes(5), Clock.fixed(START, ZoneOffset.UTC));

        assertThatThrownBy(() -> tokens.token("snapshot-metadata"))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                    assertThat(e.getStatus().getDescription())
                            .contains("audience snapshot-metadata", "elsewhere/cbt-service");
                });
    }

    private ServiceAccountTokens tokens() {
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        return new ServiceAccountTokens(client, "datamover", "cbt-service", Duration.ofHours(1),
                Duration.ofMinutes(5), clock);
    }

    private Object issue(RecordedRequest request) {
        TokenRequest asked = Serialization.unmarshal(request.getUtf8Body(), TokenRequest.class);
        requests.add(asked);
        return new TokenRequestBuilder(asked)
                .withNewStatus()
                .withToken("token-" + requests.size() + "-for-" + asked.getSpec().getAudiences().get(0))
                .withExpirationTimestamp(now.plusSeconds(asked.getSpec().getExpirationSeconds()).toString())
                .endStatus()
                .build();
    }
}
