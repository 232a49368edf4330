package io.datamover.launcher.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.stream.IntStream;

/** One figure measured once per round, in round order; reported as its median with the spread. */
@JsonPropertyOrder({"median", "min", "max", "samples"})
public record Samples(List<Double> samples) {

    public Samples {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("a figure needs at least one sample");
        }
        samples = List.copyOf(samples);
    }

    static Samples of(double... values) {
        return new Samples(IntStream.range(0, values.length).mapToObj(i -> values[i]).toList());
    }

    /** Per round, this figure divided by {@code other}: a ratio of two figures measured in the same round. */
    Samples over(Samples other) {
        if (other.samples.size() != samples.size()) {
            throw new IllegalArgumentException(samples.size() + " samples over " + other.samples.size());
        }
        return new Samples(IntStream.range(0, samples.size())
                .mapToObj(i -> samples.get(i) / other.samples.get(i)).toList());
    }

    @JsonProperty
    public double median() {
        List<Double> sorted = samples.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    @JsonProperty
    public double min() {
        return samples.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    @JsonProperty
    public double max() {
        return samples.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }
}
