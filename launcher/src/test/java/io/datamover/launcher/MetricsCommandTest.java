package io.datamover.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeout;

import io.datamover.events.SiteMetrics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@code ./datamover metrics} on bad input. Each run points at a port where no broker listens: a run that got as far
 * as publishing would take the whole send timeout and fail naming that address, not the option.
 */
class MetricsCommandTest {

    private static final String NO_BROKER = "127.0.0.1:1";
    /** Far below {@link MetricsCommand#SEND_TIMEOUT}, which a run that tried to publish would wait for. */
    private static final Duration QUICKLY = Duration.ofSeconds(5);

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void shouldRejectANegativeValueNamingTheOption() {
        assertThat(runQuickly(args("--heat-load-kw", "-3"))).isEqualTo(2);

        assertRejected("--heat-load-kw", "must be a finite number of kW >= 0, was '-3'");
    }

    @Test
    void shouldRejectAValueThatIsNotANumberNamingTheOption() {
        assertThat(runQuickly(args("--power-draw-kw", "lots"))).isEqualTo(2);

        assertRejected("--power-draw-kw", "must be a finite number of kW >= 0, was 'lots'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "1e400", "0x10", "5d"})
    void shouldRejectAValueThatIsNotAFiniteDecimalNumber(String value) {
        assertThat(runQuickly(args("--cooling-capacity-kw", value))).isEqualTo(2);

        assertRejected("--cooling-capacity-kw", "was '" + value + "'");
    }

    @Test
    void shouldRejectAMissingMetricNamingTheOption() {
        List<String> args = args();
        int option = args.indexOf("--power-available-kw");
        args.subList(option, option + 2).clear();

        assertThat(runQuickly(args)).isEqualTo(2);

        assertRejected("Missing required option", "--power-available-kw");
    }

    @Test
    void shouldRejectAnInvalidSiteId() {
        assertThat(runQuickly(args("--site", "Stock/holm"))).isEqualTo(2);

        assertRejected("--site 'Stock/holm' is not a valid id");
    }

    @Test
    void shouldSayHowToFindABrokerWhenNoneIsGivenAndNoDemoRuns(@TempDir Path emptyWorkDir) {
        List<String> args = args("--work-dir", emptyWorkDir.toString());
        int option = args.indexOf("--bootstrap-servers");
        args.subList(option, option + 2).clear();

        assertThat(runQuickly(args)).isEqualTo(1);

        assertThat(err.toString()).contains("no local cluster is running").contains(emptyWorkDir.toString())
                .contains("or pass --bootstrap-servers");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldAcceptZeroAndDecimalNumbersOfKw() {
        assertThat(Kilowatts.parse("0")).isZero();
        assertThat(Kilowatts.parse("95.5")).isEqualTo(95.5);
        assertThat(Kilowatts.parse("1e3")).isEqualTo(1000.0);
        assertThat(Kilowatts.parse("-0")).isZero();
    }

    @Test
    void shouldSummarizeTheHeadroomOfPowerAndCooling() {
        SiteMetrics metrics = SiteMetrics.of("stockholm", 150, 120, 100, 105.5);

        assertThat(MetricsCommand.summary(metrics)).isEqualTo("published site-metrics for stockholm:"
                + " power 120.0 of 150.0 kW drawn (headroom 30.0 kW), cooling 105.5 of 100.0 kW (headroom -5.5 kW),"
                + " event " + metrics.eventId());
    }

    /** Valid arguments, with {@code overrides} (option, value, ...) replacing the value of an option. */
    private static List<String> args(String... overrides) {
        List<String> args = new ArrayList<>(List.of("metrics", "--site", "stockholm", "--power-available-kw", "150",
                "--power-draw-kw", "120", "--cooling-capacity-kw", "100", "--heat-load-kw", "95",
                "--bootstrap-servers", NO_BROKER));
        for (int i = 0; i < overrides.length; i += 2) {
            int option = args.indexOf(overrides[i]);
            if (option < 0) {
                args.addAll(List.of(overrides[i], overrides[i + 1]));
            } else {
                args.set(option + 1, overrides[i + 1]);
            }
        }
        return args;
    }

    private int runQuickly(List<String> args) {
        CommandLine cli = Datamover.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return assertTimeout(QUICKLY, () -> cli.execute(args.toArray(String[]::new)));
    }

    private void assertRejected(String... message) {
        assertThat(err.toString().lines().findFirst()).hasValueSatisfying(first -> assertThat(first).contains(message));
        assertThat(err.toString()).doesNotContain(NO_BROKER).doesNotContain("cannot publish");
        assertThat(out.toString()).isEmpty();
    }
}
