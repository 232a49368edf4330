package io.datamover.kube.domain;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Standard conditions: a condition keeps its {@code lastTransitionTime} until its status changes. */
public final class Conditions {

    public static final String TRUE = "True";
    public static final String FALSE = "False";
    public static final String UNKNOWN = "Unknown";

    private Conditions() {
    }

    public static final String VALID = "Valid";

    /** {@code Valid}: true without problems, else false with the first problem's reason and every message. */
    public static Condition valid(List<Problem> problems) {
        return problems.isEmpty() ? of(VALID, true, "Valid", "the spec is valid")
                : of(VALID, false, problems.get(0).reason(), Problem.messages(problems));
    }

    public static Condition of(String type, boolean status, String reason, String message) {
        return of(type, status ? TRUE : FALSE, reason, message);
    }

    public static Condition of(String type, String status, String reason, String message) {
        return new ConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .build();
    }

    /**
     * The conditions {@code next}, for spec {@code generation}, each stamped with when its status last changed: from
     * {@code previous} when the status is the same there, else {@code now}.
     */
    public static List<Condition> stamp(List<Condition> previous, List<Condition> next, Long generation,
            Instant now) {
        return next.stream().map(condition -> {
            String since = previous == null ? null : previous.stream()
                    .filter(old -> Objects.equals(old.getType(), condition.getType())
                            && Objects.equals(old.getStatus(), condition.getStatus()))
                    .map(Condition::getLastTransitionTime)
                    .filter(Objects::nonNull)
                    .findFirst().orElse(null);
            return new ConditionBuilder(condition)
                    .withObservedGeneration(generation)
                    .withLastTransitionTime(since != null ? since : now.toString())
                    .build();
        }).toList();
    }

    /** The condition of {@code type}, or null. */
    public static Condition find(List<Condition> conditions, String type) {
        return conditions == null ? null
                : conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }
}
