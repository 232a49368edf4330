package io.datamover.kube.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;

/** The spec of a {@link MigrationLocation}. */
public class MigrationLocationSpec {

    @JsonPropertyDescription("Id of the target site, a DNS label such as falkenberg; not the controller's own site.")
    private String site;

    @JsonPropertyDescription("Base URL of the target site's transfer-service, http:// or https://.")
    private String transferEndpoint;

    @JsonPropertyDescription("Bootstrap servers (host:port, comma-separated) of the Kafka the sites share events"
            + " through.")
    private String kafkaBootstrapServers;

    @JsonPropertyDescription("Name of a Secret in this namespace with the TLS material for the target; optional.")
    private String tlsSecretName;

    @JsonPropertyDescription("Storage class at this controller's site to storage class at the target: the class an"
            + " application's claims get when they are applied there; a class not listed keeps its name. Optional.")
    private Map<String, String> storageClassMapping;

    @JsonPropertyDescription("Namespace at this controller's site to namespace at the target: where an application's"
            + " objects are applied there; a namespace not listed keeps its name. Optional.")
    private Map<String, String> namespaceMapping;

    public String getSite() {
        return site;
    }

    public void setSite(String site) {
        this.site = site;
    }

    public String getTransferEndpoint() {
        return transferEndpoint;
    }

    public void setTransferEndpoint(String transferEndpoint) {
        this.transferEndpoint = transferEndpoint;
    }

    public String getKafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    public void setKafkaBootstrapServers(String kafkaBootstrapServers) {
        this.kafkaBootstrapServers = kafkaBootstrapServers;
    }

    public String getTlsSecretName() {
        return tlsSecretName;
    }

    public void setTlsSecretName(String tlsSecretName) {
        this.tlsSecretName = tlsSecretName;
    }

    public Map<String, String> getStorageClassMapping() {
        return storageClassMapping;
    }

    public void setStorageClassMapping(Map<String, String> storageClassMapping) {
        this.storageClassMapping = storageClassMapping;
    }

    public Map<String, String> getNamespaceMapping() {
        return namespaceMapping;
    }

    public void setNamespaceMapping(Map<String, String> namespaceMapping) {
        this.namespaceMapping = namespaceMapping;
    }
}
