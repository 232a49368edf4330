package io.datamover.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SamplesTest {

    @Test
    void shouldReportTheMiddleSampleOfAnOddCountAsMedian() {
        Samples samples = Samples.of(9, 1, 5, 3, 100);

        assertThat(samples.median()).isEqualTo(5);
        assertThat(samples.min()).isEqualTo(1);
        assertThat(samples.max()).isEqualTo(100);
    }

    @Test
    void shouldReportTheMeanOfTheMiddleTwoOfAnEvenCountAsMedian() {
        assertThat(Samples.of(4, 1, 2, 10).median()).isEqualTo(3);
    }

    @Test
    void shouldDivideRoundByRound() {
        Samples ratio = Samples.of(80, 60, 90).over(Samples.of(100, 120, 90));

        assertThat(ratio.samples()).containsExactly(0.8, 0.5, 1.0);
        assertThat(ratio.median()).isEqualTo(0.8);
    }

    @Test
    void shouldRefuseFiguresOfDifferentRoundCounts() {
        assertThatThrownBy(() -> Samples.of(1, 2).over(Samples.of(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 samples over 1");
    }
}
