package io.datamover.kube.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.datamover.kube.crd.MigrationLocationSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocationTermsTest {

    @Test
    void shouldAcceptAnotherSiteWithItsEndpointAndKafka() {
        Checked<LocationTerms> checked = LocationTerms.check(spec("falkenberg", "https://transfer.falkenberg:8443",
                "kafka-0.example:9092,kafka-1.example:9092", "falkenberg-tls"), "stockholm");

        assertThat(checked.value()).isEqualTo(new LocationTerms("falkenberg", ObjectMapping.NONE));
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

    @Test
    void shouldCarryTheMappingsOfAValidLocation() {
        MigrationLocationSpec spec = spec("falkenberg", "http://t:8080", "k:9092", null);
        spec.setStorageClassMapping(Map.of("fast-ssd", "premium.falkenberg"));
        spec.setNamespaceMapping(Map.of("shop", "shop-dr"));

        ObjectMapping mapping = LocationTerms.check(spec, "stockholm").value().mapping();

        assertThat(mapping.storageClass("fast-ssd")).isEqualTo("premium.falkenberg");
        assertThat(mapping.storageClass("standard")).isEqualTo("standard");
        assertThat(mapping.namespace("shop")).isEqualTo("shop-dr");
        assertThat(mapping.namespace("other")).isEqualTo("other");
    }

    @Test
    void shouldRefuseMappingsToNamesThatAreNoKubernetesNamesNamingTheField() {
        MigrationLocationSpec spec = spec("falkenberg", "http://t:8080", "k:9092", null);
        spec.setStorageClassMapping(Map.of("fast-ssd", "Fast_SSD"));
        spec.setNamespaceMapping(Map.of("../etc", "shop"));

        Checked<LocationTerms> checked = LocationTerms.check(spec, "stockholm");

        assertThat(checked.problems()).extracting(Problem::reason, Problem::field).containsExactly(
                tuple("InvalidStorageClassMapping", "spec.storageClassMapping.fast-ssd"),
                tuple("InvalidNamespaceMapping", "spec.namespaceMapping"));
        assertThat(Conditions.valid(checked.problems()).getMessage())
                .contains("spec.storageClassMapping.fast-ssd is not a storage class name: 'Fast_SSD'")
                .contains("spec.namespaceMapping maps '../etc', which is not a namespace name");
    }
}
