package io.datamover.cbt.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class MetadataServiceSpecTest {

    private static final String PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    private static final String CA = Base64.getEncoder().encodeToString(PEM.getBytes(StandardCharsets.US_ASCII));

    @Test
    void shouldReadAddressAudienceAndDecodedCaCert() {
        MetadataServiceSpec spec = MetadataServiceSpec.of("hostpath.csi.k8s.io",
                "csi-snapshot-metadata.csi-driver:6443", "hostpath-audience", CA);

        assertThat(spec.host()).isEqualTo("csi-snapshot-metadata.csi-driver");
        assertThat(spec.port()).isEqualTo(6443);
        assertThat(spec.audience()).isEqualTo("hostpath-audience");
        assertThat(new String(spec.caCert(), StandardCharsets.US_ASCII)).isEqualTo(PEM);
        assertThat(spec).isEqualTo(MetadataServiceSpec.of("hostpath.csi.k8s.io",
                "csi-snapshot-metadata.csi-driver:6443", "hostpath-audience", CA));
    }

    @Test
    void shouldReadAnIpv6Address() {
        MetadataServiceSpec spec = MetadataServiceSpec.of("d", "[fd00::1]:6443", "a", CA);

        assertThat(spec.host()).isEqualTo("fd00::1");
        assertThat(spec.address()).isEqualTo("[fd00::1]:6443");
    }

    @Test
    void shouldNameTheResourceAndTheFieldThatIsMissingOrInvalid() {
        assertThatThrownBy(() -> MetadataServiceSpec.of("d", null, "a", CA))
                .hasMessage("SnapshotMetadataService d: spec.address is missing");
        assertThatThrownBy(() -> MetadataServiceSpec.of("d", "host-without-port", "a", CA))
                .hasMessageContaining("spec.address must be host:port");
        assertThatThrownBy(() -> MetadataServiceSpec.of("d", "host:99999", "a", CA))
                .hasMessageContaining("spec.address has no valid port");
        assertThatThrownBy(() -> MetadataServiceSpec.of("d", "host:1", " ", CA))
                .hasMessage("SnapshotMetadataService d: spec.audience is missing");
        assertThatThrownBy(() -> MetadataServiceSpec.of("d", "host:1", "a", "not base64!"))
                .hasMessageContaining("spec.caCert is not base64");
    }
}
