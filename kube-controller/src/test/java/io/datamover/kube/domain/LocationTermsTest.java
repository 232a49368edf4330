package io.datamover.kube.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.kube.crd.MigrationLocationSpec;
import org.junit.jupiter.api.Test;

class LocationTermsTest {

    @Test
    void shouldAcceptAnotherSiteWithItsEndpointAndKafka() {
        Checked<LocationTerms> checked = LocationTerms.check(spec("falkenberg", "https://transfer.falkenberg:8443",
                "kafka-0.example:9092,kafka-1.example:9092", "falkenberg-tls"), "stockholm");

        assertThat(checked.value()).isEqualTo(new LocationTerms("falkenberg"));
    }

    @Test
    void shouldRefuseThisControllersOwnSite() {
        assertThat(LocationTerms.check(spec("stockholm", "http://t:8080", "k:9092", null), "stockholm").problems())
                .singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("spec.site");
                    assertThat(p.message()).contains("own site 'stockholm'");
                });
    }

    @Test
    void shouldNameEveryBadField() {
        Checked<LocationTerms> checked = LocationTerms.check(spec("Falken_berg", "ftp://host/x", "kafka", "Bad_Name"),
                "stockholm");

        assertThat(checked.problems()).extracting(Problem::field).containsExactly("spec.site",
                "spec.transferEndpoint", "spec.kafkaBootstrapServers", "spec.tlsSecretName");
        assertThat(checked.problems()).extracting(Problem::reason).containsExactly("InvalidSite",
                "InvalidTransferEndpoint", "InvalidKafkaBootstrapServers", "InvalidTlsSecretName");
    }

    @Test
    void shouldRefuseAPortOutOfRange() {
        assertThat(LocationTerms.check(spec("oslo", "http://t", "k:70000", null), "stockholm").problems())
                .extracting(Problem::field).containsExactly("spec.kafkaBootstrapServers");
    }

    static MigrationLocationSpec spec(String site, String endpoint, String kafka, String secret) {
        MigrationLocationSpec spec = new MigrationLocationSpec();
        spec.setSite(site);
        spec.setTransferEndpoint(endpoint);
        spec.setKafkaBootstrapServers(kafka);
        spec.setTlsSecretName(secret);
        return spec;
    }
}
