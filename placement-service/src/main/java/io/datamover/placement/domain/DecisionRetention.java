package io.datamover.placement.domain;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which decisions the coordinator forgets, so that its store does not grow with every decision ever made: of each
 * group, it keeps every decision under way, the one that says where the group stands (the rules read it), and the
 * {@code keep} latest that ended; older ended ones go. Pure.
 */
public final class DecisionRetention {

    private DecisionRetention() {
    }

    /** The ids of the decisions to forget. */
    public static List<String> expired(Collection<Decision> decisions, Map<String, Decision> standing, int keep) {
        Set<String> standingIds = standing.values().stream().map(Decision::decisionId).collect(Collectors.toSet());
        return decisions.stream()
                .filter(decision -> !decision.isOpen() && !standingIds.contains(decision.decisionId()))
                .collect(Collectors.groupingBy(Decision::groupId))
                .values().stream()
                .flatMap(ended -> ended.stream()
                        .sorted(Comparator.comparing(Decision::stepAt).reversed()
                                .thenComparing(Decision::decisionId))
                        .skip(keep))
                .map(Decision::decisionId)
                .sorted()
                .toList();
    }
}
