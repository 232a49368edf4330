package io.datamover.kube.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.datamover.kube.crd.SnapshotScheduleSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScheduleTermsTest {

    @Test
    void shouldTurnTheIntervalIntoSecondsAndKeepTheRetainCount() {
        Checked<ScheduleTerms> checked = ScheduleTerms.check(spec("1h30m", 7));

        assertThat(checked.isValid()).isTrue();
        assertThat(checked.value()).isEqualTo(new ScheduleTerms(5400, 7));
    }

    @Test
    void shouldKeepFiveSnapshotsWhenTheScheduleDoesNotSay() {
        assertThat(ScheduleTerms.check(spec("5m", null)).value().retain()).isEqualTo(5);
    }

    @ParameterizedTest(name = "interval ''{0}''")
    @ValueSource(strings = {"0", "0s", "-5m", "soon", "5", "", "1500ms", "0.5s"})
    void shouldRefuseAnIntervalThatIsNotAWholePositiveNumberOfSeconds(String interval) {
        Checked<ScheduleTerms> checked = ScheduleTerms.check(spec(interval, 3));

        assertThat(checked.isValid()).isFalse();
        assertThat(checked.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.reason()).isEqualTo("InvalidInterval");
            assertThat(problem.field()).isEqualTo("spec.interval");
            assertThat(problem.message()).startsWith("spec.interval ");
        });
    }

    @Test
    void shouldRefuseAMissingInterval() {
        assertThat(ScheduleTerms.check(spec(null, 3)).problems()).extracting(Problem::reason)
                .containsExactly("InvalidInterval");
    }

    @Test
    void shouldRefuseARetainBelowOne() {
        assertThat(ScheduleTerms.check(spec("5m", 0)).problems()).extracting(Problem::field, Problem::reason)
                .containsExactly(tuple("spec.retain", "InvalidRetain"));
    }

    static SnapshotScheduleSpec spec(String interval, Integer retain) {
        SnapshotScheduleSpec spec = new SnapshotScheduleSpec();
        spec.setInterval(interval);
        spec.setRetain(retain);
        return spec;
    }
}
