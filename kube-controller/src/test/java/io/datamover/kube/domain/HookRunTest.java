package io.datamover.kube.domain;

import static io.datamover.kube.domain.Fixtures.LOCATIONS;
import static io.datamover.kube.domain.Fixtures.SCHEDULES;
import static io.datamover.kube.domain.Fixtures.application;
import static io.datamover.kube.domain.Fixtures.labels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datamover.kube.crd.Hook;
import io.datamover.kube.crd.Hooks;
import io.datamover.kube.crd.ProtectedApplicationSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HookRunTest {

    @Test
    void shouldRunTheHooksCommandInItsContainerWithinItsTimeout() {
        HookRun run = HookRun.of("shop-1", HookPhase.PRE, "datamover/shop", terms(12), null);

        assertThat(run.command()).containsExactly("db-ctl", "lock");
        assertThat(run.container()).isEqualTo("db");
        assertThat(run.namespace()).isEqualTo("shop");
        assertThat(run.podSelector()).isEqualTo(labels("role", "db"));
        assertThat(run.timeout()).isEqualTo(Duration.ofSeconds(12));
        assertThat(run.subject()).isEqualTo("pre hook of group shop-1 (ProtectedApplication datamover/shop)");
    }

    @Test
    void shouldCutTheTimeoutToWhatTheCallerWaitsForAndDefaultToThirtySeconds() {
        assertThat(HookRun.of("shop-1", HookPhase.PRE, "datamover/shop", terms(12), 5).timeout())
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(HookRun.of("shop-1", HookPhase.PRE, "datamover/shop", terms(12), 60).timeout())
                .isEqualTo(Duration.ofSeconds(12));
        assertThat(HookRun.of("shop-1", HookPhase.PRE, "datamover/shop", terms(null), null).timeout())
                .isEqualTo(Duration.ofSeconds(ApplicationTerms.DEFAULT_HOOK_TIMEOUT_SECONDS));
    }

    @Test
    void shouldRefuseAPhaseTheApplicationHasNoHookForAndATimeoutBelowOneSecond() {
        assertThatThrownBy(() -> HookRun.of("shop-1", HookPhase.POST, "datamover/shop", terms(12), null))
                .isInstanceOfSatisfying(HookRefusedException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.field()).isEqualTo("spec.hooks.post");
                    assertThat(e.getMessage()).contains("datamover/shop", "shop-1");
                });
        assertThatThrownBy(() -> HookRun.of("shop-1", HookPhase.PRE, "datamover/shop", terms(12), 0))
                .isInstanceOfSatisfying(HookRefusedException.class,
                        e -> assertThat(e.field()).isEqualTo("timeoutSeconds"));
    }

    @Test
    void shouldNameEachPhaseAsTheUrlAndTheSpecDo() {
        assertThat(HookPhase.of("pre")).contains(HookPhase.PRE);
        assertThat(HookPhase.of("post")).contains(HookPhase.POST);
        assertThat(HookPhase.of("PRE")).isEmpty();
    }

    /** A valid application with only a pre hook, {@code db-ctl lock} in container {@code db}. */
    private static ApplicationTerms terms(Integer timeoutSeconds) {
        ProtectedApplicationSpec spec = application(labels("app", "shop"), "every-minute", "falkenberg");
        Hook pre = Fixtures.hook(labels("role", "db"), "db-ctl", "lock");
        pre.setContainer("db");
        pre.setTimeoutSeconds(timeoutSeconds);
        spec.setHooks(new Hooks());
        spec.getHooks().setPre(pre);
        return ApplicationTerms.check(spec, SCHEDULES, LOCATIONS).value();
    }
}
