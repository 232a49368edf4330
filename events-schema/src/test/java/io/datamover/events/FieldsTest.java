package io.datamover.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FieldsTest {

    private static final String LONGEST_ID = "s".repeat(63);

    @Test
    void shouldAcceptIdsJoinedByDotsAsAQualifiedIdLongerThanAnId() {
        String holder = "transfer." + LONGEST_ID;

        assertThat(Fields.qualifiedId("holder", holder)).isEqualTo(holder);
        assertThat(Fields.qualifiedId("holder", "backup")).isEqualTo("backup");
        assertThatThrownBy(() -> Fields.id("holder", holder)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "a.", ".a", "a..b", "../etc", "a/b", "Transfer.x", "a.-b"})
    void shouldRejectAQualifiedIdThatIsNotIdsJoinedByDots(String value) {
        assertThatThrownBy(() -> Fields.qualifiedId("holder", value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("field 'holder' is not a valid qualified id");
    }

    @Test
    void shouldRejectAQualifiedIdLongerThan253Characters() {
        String tooLong = String.join(".", LONGEST_ID, LONGEST_ID, LONGEST_ID, LONGEST_ID);

        assertThat(tooLong).hasSize(255);
        assertThatThrownBy(() -> Fields.qualifiedId("holder", tooLong)).hasMessageContaining("253");
        assertThatThrownBy(() -> Fields.qualifiedId("holder", null)).hasMessageContaining("required");
    }

    @Test
    void shouldRejectAnEmptyOrMissingText() {
        assertThat(Fields.text("driver", "ebs.csi.aws.com")).isEqualTo("ebs.csi.aws.com");
        assertThatThrownBy(() -> Fields.text("driver", "")).hasMessage("field 'driver' must not be empty");
        assertThatThrownBy(() -> Fields.text("driver", null)).hasMessage("field 'driver' is required");
    }
}
