package io.datamover.kube.domain;

import java.util.List;

/**
 * A spec checked: what it means when it is valid, else the problems found (the value is then null).
 *
 * @param <T> what a valid spec stands for
 */
public record Checked<T>(T value, List<Problem> problems) {

    public Checked {
        problems = List.copyOf(problems);
        if (problems.isEmpty() == (value == null)) {
            throw new IllegalArgumentException("a checked spec has either a value or problems");
        }
    }

    public static <T> Checked<T> valid(T value) {
        return new Checked<>(value, List.of());
    }

    public static <T> Checked<T> invalid(List<Problem> problems) {
        return new Checked<>(null, problems);
    }

    public boolean isValid() {
        return problems.isEmpty();
    }
}
