package io.datamover.kube.domain;

import java.util.List;

/**
 * What is wrong with a resource's spec.
 *
 * @param reason the condition reason, CamelCase, e.g. {@code UnknownLocation}
 * @param field the path of the field at fault, e.g. {@code spec.locations[1]}
 * @param message a sentence naming the field and the problem
 */
public record Problem(String reason, String field, String message) {

    public static Problem of(String reason, String field, String what) {
        return new Problem(reason, field, field + " " + what);
    }

    /** The messages of {@code problems} in one line. */
    public static String messages(List<Problem> problems) {
        return String.join("; ", problems.stream().map(Problem::message).toList());
    }
}
