package io.datamover.kube.domain;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Standard label selectors (matchLabels and matchExpressions), checked and matched as the API server does. */
public final class LabelSelectors {

    private LabelSelectors() {
    }

    /**
     * What is wrong with a selector that must select something: absent or empty (it would select everything),
     * an unknown operator, values where none belong or none where they must.
     */
    public static List<Problem> check(LabelSelector selector, String field) {
        List<Problem> problems = new ArrayList<>();
        if (isEmpty(selector)) {
            problems.add(Problem.of("EmptySelector", field, "is empty: it must name at least one label in"
                    + " matchLabels or matchExpressions, or it would select every object of the namespace"));
            return problems;
        }
        List<LabelSelectorRequirement> expressions = expressions(selector);
        for (int i = 0; i < expressions.size(); i++) {
            String at = field + ".matchExpressions[" + i + "]";
            LabelSelectorRequirement requirement = expressions.get(i);
            String operator = requirement.getOperator();
            List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
            if (requirement.getKey() == null || requirement.getKey().isBlank()) {
                problems.add(Problem.of("InvalidSelector", at + ".key", "is required"));
            } else if ("In".equals(operator) || "NotIn".equals(operator)) {
                if (values.isEmpty()) {
                    problems.add(Problem.of("InvalidSelector", at + ".values", "must not be empty for " + operator));
                }
            } else if ("Exists".equals(operator) || "DoesNotExist".equals(operator)) {
                if (!values.isEmpty()) {
                    problems.add(Problem.of("InvalidSelector", at + ".values", "must be empty for " + operator));
                }
            } else {
                problems.add(Problem.of("InvalidSelector", at + ".operator", "is '" + operator
                        + "', not one of In, NotIn, Exists, DoesNotExist"));
            }
        }
        return problems;
    }

    /** Whether a valid, non-empty selector selects an object with these labels. */
    public static boolean matches(LabelSelector selector, Map<String, String> labels) {
        Map<String, String> present = labels == null ? Map.of() : labels;
        Map<String, String> matchLabels = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        for (Map.Entry<String, String> label : matchLabels.entrySet()) {
            if (!label.getValue().equals(present.get(label.getKey()))) {
                return false;
            }
        }
        return expressions(selector).stream().allMatch(requirement -> matches(requirement, present));
    }

    private static boolean matches(LabelSelectorRequirement requirement, Map<String, String> labels) {
        String value = labels.get(requirement.getKey());
        List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
        return switch (requirement.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> labels.containsKey(requirement.getKey());
            case "DoesNotExist" -> !labels.containsKey(requirement.getKey());
            default -> false;
        };
    }

    private static boolean isEmpty(LabelSelector selector) {
        return selector == null || (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && expressions(selector).isEmpty();
    }

    private static List<LabelSelectorRequirement> expressions(LabelSelector selector) {
        return selector.getMatchExpressions() == null ? List.of() : selector.getMatchExpressions();
    }
}
