package io.datamover.snapshot.domain;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the csi backend keeps in a volume's claim, as annotations, so that it survives a restart of the service: why
 * the volume is frozen and which workloads it scaled to 0 for that ({@value #FROZEN_ANNOTATION},
 * {@value #QUIESCED_ANNOTATION}), that it stepped down to a replica ({@value #ROLE_ANNOTATION}), and the snapshot a
 * claim restored by a move became the primary at ({@value #PROMOTED_AT_ANNOTATION}): its next snapshot is numbered
 * after it.
 */
public record ClaimState(Optional<String> frozenReason, Set<Workload> quiesced, boolean replica,
        Optional<Long> promotedAt) {

    public static final String FROZEN_ANNOTATION = "datamover.io/frozen";
    public static final String QUIESCED_ANNOTATION = "datamover.io/quiesced";
    public static final String ROLE_ANNOTATION = "datamover.io/role";
    public static final String PROMOTED_AT_ANNOTATION = "datamover.io/promoted-at";
    public static final List<String> ANNOTATIONS = List.of(FROZEN_ANNOTATION, QUIESCED_ANNOTATION, ROLE_ANNOTATION,
            PROMOTED_AT_ANNOTATION);
    private static final String REPLICA = "replica";

    public ClaimState {
        quiesced = Set.copyOf(quiesced);
    }

    public static ClaimState of(Map<String, String> annotations) {
        Map<String, String> present = annotations == null ? Map.of() : annotations;
        Set<Workload> quiesced = Arrays.stream(present.getOrDefault(QUIESCED_ANNOTATION, "").split(","))
                .map(String::trim).filter(text -> !text.isEmpty()).map(Workload::parse).flatMap(Optional::stream)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        String promotedAt = present.get(PROMOTED_AT_ANNOTATION);
        return new ClaimState(Optional.ofNullable(present.get(FROZEN_ANNOTATION)).filter(reason -> !reason.isEmpty()),
                quiesced, REPLICA.equals(present.get(ROLE_ANNOTATION)),
                promotedAt != null && promotedAt.matches("\\d{1,18}") ? Optional.of(Long.parseLong(promotedAt))
                        : Optional.empty());
    }

    public boolean frozen() {
        return frozenReason.isPresent();
    }

    /** Frozen for {@code reason}, with {@code workloads} scaled to 0 besides those already. */
    public ClaimState frozen(String reason, Set<Workload> workloads) {
        Set<Workload> all = new LinkedHashSet<>(quiesced);
        all.addAll(workloads);
        return new ClaimState(Optional.of(frozenReason.orElse(reason)), all, replica, promotedAt);
    }

    public ClaimState thawed() {
        return new ClaimState(Optional.empty(), Set.of(), replica, promotedAt);
    }

    public ClaimState steppedDown() {
        return new ClaimState(frozenReason, quiesced, true, promotedAt);
    }

    /** The primary from snapshot {@code snapshot} on, writable. */
    public static ClaimState promoted(long snapshot) {
        return new ClaimState(Optional.empty(), Set.of(), false, Optional.of(snapshot));
    }

    /** The annotations to set, a null value for each to remove. */
    public Map<String, String> annotations() {
        Map<String, String> annotations = new HashMap<>();
        annotations.put(FROZEN_ANNOTATION, frozenReason.orElse(null));
        annotations.put(QUIESCED_ANNOTATION, quiesced.isEmpty() ? null
                : quiesced.stream().map(Workload::toString).sorted().collect(Collectors.joining(",")));
        annotations.put(ROLE_ANNOTATION, replica ? REPLICA : null);
        annotations.put(PROMOTED_AT_ANNOTATION, promotedAt.map(String::valueOf).orElse(null));
        return annotations;
    }
}
