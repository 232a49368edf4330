package io.datamover.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuUseTest {

    private static final long GIB = 1L << 30;

    @Test
    void shouldCountWhatEachProcessUsedBetweenTwoReadings() {
        Map<String, Duration> before = new LinkedHashMap<>();
        before.put("kafka", Duration.ofMillis(1_500));
        before.put("stockholm block-store", Duration.ofSeconds(10));
        Map<String, Duration> after = new LinkedHashMap<>();
        after.put("kafka", Duration.ofMillis(2_000));
        after.put("stockholm block-store", Duration.ofSeconds(13));
        after.put("falkenberg block-store", Duration.ofSeconds(4));

        CpuUse cpu = CpuUse.between(before, after, 2 * GIB);

        assertThat(cpu.byProcess()).containsExactly(Map.entry("falkenberg block-store", 4.0),
                Map.entry("stockholm block-store", 3.0), Map.entry("kafka", 0.5));
        assertThat(cpu.seconds()).isEqualTo(7.5);
        assertThat(cpu.secondsPerGiB()).isEqualTo(3.75);
    }

    @Test
    void shouldNeverCountLessThanNothingForARestartedProcess() {
        CpuUse cpu = CpuUse.between(Map.of("kafka", Duration.ofSeconds(30)), Map.of("kafka", Duration.ofSeconds(2)),
                GIB);

        assertThat(cpu.byProcess()).containsExactly(Map.entry("kafka", 0.0));
    }
}
