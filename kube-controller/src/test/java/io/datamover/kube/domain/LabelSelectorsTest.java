package io.datamover.kube.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorsTest {

    private static final Map<String, String> LABELS = Map.of("app", "shop", "tier", "db");

    @Test
    void shouldMatchEveryLabelAndExpression() {
        assertThat(LabelSelectors.matches(selector("In", "tier", "db", "cache"), LABELS)).isTrue();
        assertThat(LabelSelectors.matches(selector("In", "tier", "cache"), LABELS)).isFalse();
        assertThat(LabelSelectors.matches(selector("NotIn", "tier", "cache"), LABELS)).isTrue();
        assertThat(LabelSelectors.matches(selector("NotIn", "tier", "db"), LABELS)).isFalse();
        assertThat(LabelSelectors.matches(selector("Exists", "tier"), LABELS)).isTrue();
        assertThat(LabelSelectors.matches(selector("DoesNotExist", "tier"), LABELS)).isFalse();
        assertThat(LabelSelectors.matches(Fixtures.labels("app", "shop", "tier", "web"), LABELS)).isFalse();
        assertThat(LabelSelectors.matches(Fixtures.labels("app", "shop"), null)).isFalse();
    }

    @Test
    void shouldRefuseAnEmptySelectorOrAMalformedExpression() {
        assertThat(LabelSelectors.check(new LabelSelector(), "spec.selector")).extracting(Problem::reason)
                .containsExactly("EmptySelector");
        assertThat(LabelSelectors.check(selector("In", "tier"), "spec.selector")).extracting(Problem::field)
                .containsExactly("spec.selector.matchExpressions[0].values");
        assertThat(LabelSelectors.check(selector("Exists", "tier", "db"), "spec.selector")).extracting(Problem::field)
                .containsExactly("spec.selector.matchExpressions[0].values");
        assertThat(LabelSelectors.check(selector("Like", "tier", "d*"), "spec.selector"))
                .extracting(Problem::field, Problem::reason)
                .containsExactly(tuple("spec.selector.matchExpressions[0].operator",
                        "InvalidSelector"));
        assertThat(LabelSelectors.check(selector("Exists", "tier"), "spec.selector")).isEmpty();
    }

    private static LabelSelector selector(String operator, String key, String... values) {
        return new LabelSelectorBuilder().addNewMatchExpression().withKey(key).withOperator(operator)
                .withValues(values).endMatchExpression().build();
    }
}
