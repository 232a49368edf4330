package io.datamover.transfer.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChecksumsTest {

    @Test
    void shouldFormatCrc32cAsEightLowerCaseHexDigits() {
        // the CRC-32C check value of "123456789" (RFC 3720, appendix B.4)
        assertThat(Checksums.crc32c("123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo("crc32c:e3069283");
        assertThat(Checksums.crc32c(new byte[0])).isEqualTo("crc32c:00000000");
    }

    @Test
    void shouldAcceptAChecksumInAnyCase() {
        assertThat(Checksums.parse("X-Datamover-Checksum", "CRC32C:E3069283")).isEqualTo("crc32c:e3069283");
    }

    @Test
    void shouldRejectAMissingOrMalformedChecksumNamingTheField() {
        assertThatThrownBy(() -> Checksums.parse("X-Datamover-Checksum", null))
                .isInstanceOfSatisfying(TransferException.class, e -> {
                    assertThat(e.reason()).isEqualTo(TransferException.Reason.INVALID_REQUEST);
                    assertThat(e.field()).isEqualTo("X-Datamover-Checksum");
                });
        assertThatThrownBy(() -> Checksums.parse("X-Datamover-Checksum", "md5:abc"))
                .hasMessageContaining("X-Datamover-Checksum must be 'crc32c:<8 hex digits>'");
    }
}
