package io.datamover.launcher.bench;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CPU time the processes of a local cluster used during one phase of the bench, in seconds, by process label
 * ({@code kafka}, {@code <site> <module>}): what a throughput on a CPU-bound machine is made of.
 */
@JsonPropertyOrder({"seconds", "secondsPerGiB", "byProcess"})
record CpuUse(@JsonIgnore long bytes, @JsonProperty("byProcess") Map<String, Double> byProcess) {

    private static final double GIB = 1024.0 * 1024 * 1024;

    CpuUse {
        byProcess = Collections.unmodifiableMap(sortedByUse(byProcess));
    }

    /** What each process used from {@code before} to {@code after}, both from {@code LocalCluster.cpuTimes()}. */
    static CpuUse between(Map<String, Duration> before, Map<String, Duration> after, long bytes) {
        Map<String, Double> used = new LinkedHashMap<>();
        after.forEach((process, time) -> used.put(process,
                Math.max(0, time.minus(before.getOrDefault(process, Duration.ZERO)).toMillis()) / 1000.0));
        return new CpuUse(bytes, used);
    }

    private static Map<String, Double> sortedByUse(Map<String, Double> used) {
        Map<String, Double> sorted = new LinkedHashMap<>();
        used.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
        return sorted;
    }

    @JsonProperty
    double seconds() {
        return byProcess.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** CPU-seconds per GiB of the phase's bytes. */
    @JsonProperty
    double secondsPerGiB() {
        return bytes == 0 ? 0 : seconds() * GIB / bytes;
    }
}
