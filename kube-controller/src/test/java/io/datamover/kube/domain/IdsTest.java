package io.datamover.kube.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void shouldDeriveTheSameValidGroupIdForTheSameResource() {
        String id = Ids.groupId("datamover", "webshop");

        assertThat(id).matches("webshop-[0-9a-f]{8}");
        assertThat(Ids.isValid(id)).isTrue();
        assertThat(Ids.groupId("datamover", "webshop")).isEqualTo(id);
    }

    @Test
    void shouldDeriveDifferentIdsForTheSameNameInAnotherNamespace() {
        assertThat(Ids.groupId("datamover", "webshop")).isNotEqualTo(Ids.groupId("other", "webshop"));
    }

    @Test
    void shouldKeepALongDottedNameWithinADnsLabel() {
        String name = "shop.example.com-" + "x".repeat(230);

        String id = Ids.groupId("datamover", name);

        assertThat(id).hasSizeLessThanOrEqualTo(63).startsWith("shop-example-com-xxx");
        assertThat(Ids.isValid(id)).isTrue();
    }

    @Test
    void shouldNotEndTheNamePartWithADash() {
        String name = "a".repeat(53) + "-b";

        assertThat(Ids.groupId("ns", name)).matches("a{53}-[0-9a-f]{8}");
    }

    @Test
    void shouldRefusePathsAsIds() {
        assertThat(Ids.isValid("../groups")).isFalse();
        assertThat(Ids.isValid("a/b")).isFalse();
        assertThat(Ids.isValid("pvc-0b7a2c52-5f33-4f3c-9a3e-2f1d3c4b5a69")).isTrue();
    }

    @Test
    void shouldLabelObjectsWithTheDecisionIdOrItsHashWhenItIsNoLabelValue() {
        String tooLong = "switchover-" + "a".repeat(60) + "-1767225630000";

        assertThat(Ids.decisionLabel("switchover-webshop-1767225630000")).isEqualTo("switchover-webshop-1767225630000");
        assertThat(Ids.decisionLabel(tooLong)).matches("decision-[0-9a-f]{16}")
                .isEqualTo(Ids.decisionLabel(tooLong)).isNotEqualTo(Ids.decisionLabel(tooLong + "1"));
        assertThat(Ids.decisionLabel("../etc")).startsWith("decision-");
    }
}
