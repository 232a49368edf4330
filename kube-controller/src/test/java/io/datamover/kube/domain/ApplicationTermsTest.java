package io.datamover.kube.domain;

import static io.datamover.kube.domain.Fixtures.LOCATIONS;
import static io.datamover.kube.domain.Fixtures.SCHEDULES;
import static io.datamover.kube.domain.Fixtures.application;
import static io.datamover.kube.domain.Fixtures.hook;
import static io.datamover.kube.domain.Fixtures.labels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.datamover.kube.crd.Hook;
import io.datamover.kube.crd.Hooks;
import io.datamover.kube.crd.ProtectedApplicationSpec;
import io.fabric8.kubernetes.api.model.LabelSelector;
import org.junit.jupiter.api.Test;

class ApplicationTermsTest {

    @Test
    void shouldResolveTheScheduleAndTheSitesOfTheLocations() {
        Checked<ApplicationTerms> checked = check(application(labels("app", "shop"), "every-minute", "falkenberg",
                "oslo"));

        assertThat(checked.isValid()).isTrue();
        assertThat(checked.value().schedule()).isEqualTo(new ScheduleTerms(60, 3));
        assertThat(checked.value().targetSites()).containsExactly("falkenberg", "oslo");
        assertThat(checked.value().hooks()).isEmpty();
    }

    @Test
    void shouldRefuseAnEmptySelector() {
        assertThat(check(application(new LabelSelector(), "every-minute", "falkenberg")).problems())
                .extracting(Problem::reason, Problem::field)
                .containsExactly(tuple("EmptySelector", "spec.selector"));
        assertThat(check(application(null, "every-minute", "falkenberg")).problems())
                .extracting(Problem::reason).containsExactly("EmptySelector");
    }

    @Test
    void shouldNameAnUnknownLocationAndItsPlace() {
        Checked<ApplicationTerms> checked = check(application(labels("app", "shop"), "every-minute", "falkenberg",
                "mars"));

        assertThat(checked.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.reason()).isEqualTo("UnknownLocation");
            assertThat(problem.field()).isEqualTo("spec.locations[1]");
            assertThat(problem.message()).contains("'mars'");
        });
    }

    @Test
    void shouldRefuseALocationThatIsInvalidOrNamesASiteTwice() {
        assertThat(check(application(labels("app", "shop"), "every-minute", "nowhere")).problems())
                .extracting(Problem::reason).containsExactly("InvalidLocation");
        assertThat(check(application(labels("app", "shop"), "every-minute", "oslo", "oslo-again")).problems())
                .extracting(Problem::reason, Problem::field)
                .containsExactly(tuple("DuplicateLocation", "spec.locations[1]"));
        assertThat(check(application(labels("app", "shop"), "every-minute")).problems())
                .extracting(Problem::reason).containsExactly("MissingLocations");
    }

    @Test
    void shouldRefuseAMissingUnknownOrInvalidSchedule() {
        assertThat(check(application(labels("app", "shop"), null, "oslo")).problems())
                .extracting(Problem::reason).containsExactly("MissingSchedule");
        assertThat(check(application(labels("app", "shop"), "hourly", "oslo")).problems())
                .extracting(Problem::reason).containsExactly("UnknownSchedule");
        assertThat(check(application(labels("app", "shop"), "broken", "oslo")).problems())
                .singleElement().satisfies(problem -> {
                    assertThat(problem.reason()).isEqualTo("InvalidSchedule");
                    assertThat(problem.message()).contains("'broken'", "spec.interval must be positive");
                });
    }

    @Test
    void shouldReportEveryProblemAtOnce() {
        ProtectedApplicationSpec spec = application(null, null, "mars");
        spec.setNamespace("Shop/../x");

        assertThat(check(spec).problems()).extracting(Problem::reason).containsExactly("InvalidNamespace",
                "EmptySelector", "MissingSchedule", "UnknownLocation");
    }

    @Test
    void shouldKeepValidHooksAndRefuseAnEmptyCommandOrPodSelector() {
        ProtectedApplicationSpec spec = application(labels("app", "shop"), "every-minute", "oslo");
        spec.setHooks(hooks(hook(labels("role", "db"), "psql", "-c", "CHECKPOINT"), null));
        assertThat(check(spec).value().hooks()).containsOnlyKeys("pre");

        spec.setHooks(hooks(hook(labels("role", "db")), hook(new LabelSelector(), "unlock")));
        assertThat(check(spec).problems()).extracting(Problem::reason, Problem::field).containsExactly(
                tuple("InvalidHook", "spec.hooks.pre.command"),
                tuple("InvalidHook", "spec.hooks.post.podSelector"));
    }

    @Test
    void shouldRefuseAHookTimeoutOutOfRange() {
        ProtectedApplicationSpec spec = application(labels("app", "shop"), "every-minute", "oslo");
        Hook pre = hook(labels("role", "db"), "sync");
        pre.setTimeoutSeconds(3601);
        spec.setHooks(hooks(pre, null));

        assertThat(check(spec).problems()).extracting(Problem::field)
                .containsExactly("spec.hooks.pre.timeoutSeconds");
    }

    @Test
    void shouldTakeThePriorityOfTheSpecZeroWhenItNamesNone() {
        ProtectedApplicationSpec spec = application(labels("app", "shop"), "every-minute", "oslo");
        assertThat(check(spec).value().priority()).isZero();

        spec.setPriority(-1000);
        assertThat(check(spec).value().priority()).isEqualTo(-1000);
        spec.setPriority(1000);
        assertThat(check(spec).value().priority()).isEqualTo(1000);
    }

    @Test
    void shouldRefuseAPriorityOutOfRangeNamingIt() {
        ProtectedApplicationSpec spec = application(labels("app", "shop"), "every-minute", "oslo");
        spec.setPriority(1001);

        assertThat(check(spec).problems()).singleElement().satisfies(problem -> {
            assertThat(problem.reason()).isEqualTo("InvalidPriority");
            assertThat(problem.field()).isEqualTo("spec.priority");
            assertThat(problem.message()).contains("must lie between -1000 and 1000, was 1001");
        });
        spec.setPriority(-1001);
        assertThat(check(spec).problems()).extracting(Problem::reason, Problem::field)
                .containsExactly(tuple("InvalidPriority", "spec.priority"));
    }

    private static Hooks hooks(Hook pre, Hook post) {
        Hooks hooks = new Hooks();
        hooks.setPre(pre);
        hooks.setPost(post);
        return hooks;
    }

    private static Checked<ApplicationTerms> check(ProtectedApplicationSpec spec) {
        return ApplicationTerms.check(spec, SCHEDULES, LOCATIONS);
    }
}
