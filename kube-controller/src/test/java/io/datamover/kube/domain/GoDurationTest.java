package io.datamover.kube.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "30s,      PT30S",
        "5m,       PT5M",
        "1h,       PT1H",
        "1h30m,    PT1H30M",
        "1.5h,     PT1H30M",
        "300ms,    PT0.3S",
        "2m30s,    PT2M30S",
        "-5m,      PT-5M",
        "+10s,     PT10S",
        "0,        PT0S",
        "90us,     PT0.00009S",
        "1000ns,   PT0.000001S"})
    void shouldReadGoDurations(String text, String expected) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", " ", "5", "m", "5 m", "5min", "1d", "soon", "5m-", "1h 30m", "PT5M", "--5m"})
    void shouldRefuseWhatIsNoGoDuration(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
