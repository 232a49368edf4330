package io.datamover.kube.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HookOutcomeTest {

    private static final HookRun RUN = new HookRun("shop-1", HookPhase.PRE, "datamover/shop", "shop",
            Fixtures.labels("role", "db"), null, List.of("db-ctl", "lock"), Duration.ofSeconds(30));
    private static final PodChoice.Chosen POD = new PodChoice.Chosen("db-0", "db");

    @Test
    void shouldSucceedOnExitCodeZeroNamingThePodAndContainer() {
        HookOutcome outcome = HookOutcome.of(RUN, POD, exec(0, false, null));

        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.reason()).isNull();
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.pod()).isEqualTo("db-0");
        assertThat(outcome.container()).isEqualTo("db");
        assertThat(outcome.phase()).isEqualTo("pre");
        assertThat(outcome.durationMillis()).isEqualTo(120);
        assertThat(outcome.message()).isEqualTo("pre hook of group shop-1 (ProtectedApplication datamover/shop)"
                + " exited with code 0 in pod shop/db-0, container db after 120 ms");
    }

    @Test
    void shouldReportANonZeroExitWithTheOutput() {
        HookOutcome outcome = HookOutcome.of(RUN, POD, exec(3, false, null));

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.reason()).isEqualTo(HookOutcome.NON_ZERO_EXIT);
        assertThat(outcome.exitCode()).isEqualTo(3);
        assertThat(outcome.message()).contains("exited with code 3 in pod shop/db-0, container db",
                "stderr: tables busy", "stdout: locking");
    }

    @Test
    void shouldReportATimeoutAndAnExecThatFailedOrEndedWithoutAStatus() {
        assertThat(HookOutcome.of(RUN, POD, exec(null, true, null)))
                .satisfies(o -> assertThat(o.reason()).isEqualTo(HookOutcome.TIMEOUT))
                .satisfies(o -> assertThat(o.message()).contains("ran longer than its timeout of 30s"));
        assertThat(HookOutcome.of(RUN, POD, exec(-1, false, "container not running")))
                .satisfies(o -> assertThat(o.reason()).isEqualTo(HookOutcome.EXEC_FAILED))
                .satisfies(o -> assertThat(o.message()).contains("could not be run", "container not running"));
        assertThat(HookOutcome.of(RUN, POD, exec(null, false, null)).message())
                .contains("closed without an exit status");
    }

    @Test
    void shouldSayWhyAHookDidNotRun() {
        HookOutcome outcome = HookOutcome.notRun(RUN, HookOutcome.NO_RUNNING_POD, "no pod");

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.pod()).isNull();
        assertThat(outcome.reason()).isEqualTo("NoRunningPod");
        assertThat(outcome.message()).isEqualTo("pre hook of group shop-1 (ProtectedApplication datamover/shop) did"
                + " not run: no pod");
    }

    private static ExecResult exec(Integer exitCode, boolean timedOut, String failure) {
        return new ExecResult(exitCode, timedOut, failure, "locking", "tables busy", Duration.ofMillis(120));
    }
}
