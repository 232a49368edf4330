package io.datamover.kube.domain;

import io.datamover.kube.crd.SnapshotScheduleSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a valid SnapshotSchedule asks for.
 *
 * @param intervalSeconds whole seconds between snapshots, at least 1
 * @param retain snapshots kept per volume, at least 1
 */
public record ScheduleTerms(long intervalSeconds, int retain) {

    /** Snapshots kept when a schedule does not say, as the snapshot-service keeps by default. */
    public static final int DEFAULT_RETAIN = 5;

    public static Checked<ScheduleTerms> check(SnapshotScheduleSpec spec) {
        List<Problem> problems = new ArrayList<>();
        if (spec == null) {
            return Checked.invalid(List.of(Problem.of("MissingSpec", "spec", "is required")));
        }
        long seconds = 0;
        try {
            Duration interval = GoDuration.parse(spec.getInterval());
            if (interval.isNegative() || interval.isZero()) {
                problems.add(Problem.of("InvalidInterval", "spec.interval", "must be positive, was '"
                        + spec.getInterval() + "'"));
            } else if (interval.getNano() != 0) {
                problems.add(Problem.of("InvalidInterval", "spec.interval", "must be whole seconds, was '"
                        + spec.getInterval() + "'"));
            } else {
                seconds = interval.getSeconds();
            }
        } catch (IllegalArgumentException e) {
            problems.add(Problem.of("InvalidInterval", "spec.interval", e.getMessage()));
        }
        int retain = spec.getRetain() == null ? DEFAULT_RETAIN : spec.getRetain();
        if (retain < 1) {
            problems.add(Problem.of("InvalidRetain", "spec.retain", "must be at least 1, was " + retain));
        }
        return problems.isEmpty() ? Checked.valid(new ScheduleTerms(seconds, retain)) : Checked.invalid(problems);
    }
}
