package io.datamover.kube.domain;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A StorageClass that protects every claim provisioned from it, as the storage vendor's CSI driver reads its
 * parameters: {@code migrationEnable: "true"}, {@code migrationLocations: "falkenberg,oslo"} (MigrationLocation
 * names) and {@code schedulePolicy} (a SnapshotSchedule name).
 */
public record StorageClassTerms(ScheduleTerms schedule, List<Target> targets) {

    public static final String MIGRATION_ENABLE = "migrationEnable";
    public static final String MIGRATION_LOCATIONS = "migrationLocations";
    public static final String SCHEDULE_POLICY = "schedulePolicy";
    static final String DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";

    public StorageClassTerms {
        targets = List.copyOf(targets);
    }

    public List<String> targetSites() {
        return targets.stream().map(Target::site).toList();
    }

    /** Empty when the class does not enable migration; else its terms, checked. */
    public static Optional<Checked<StorageClassTerms>> check(StorageClass storageClass,
            Map<String, Checked<ScheduleTerms>> schedules, Map<String, Checked<LocationTerms>> locations) {
        Map<String, String> parameters = storageClass.getParameters() == null ? Map.of()
                : storageClass.getParameters();
        if (!"true".equals(parameters.get(MIGRATION_ENABLE))) {
            return Optional.empty();
        }
        List<Problem> problems = new ArrayList<>();
        ScheduleTerms schedule = ApplicationTerms.schedule(parameters.get(SCHEDULE_POLICY),
                "parameters." + SCHEDULE_POLICY, schedules, problems);
        String names = parameters.get(MIGRATION_LOCATIONS);
        List<String> locationNames = names == null || names.isBlank() ? List.of()
                : Arrays.stream(names.split(",", -1)).map(String::strip).toList();
        List<Target> targets = ApplicationTerms.targets(locationNames, "parameters." + MIGRATION_LOCATIONS,
                locations, problems);
        return Optional.of(problems.isEmpty() ? Checked.valid(new StorageClassTerms(schedule, targets))
                : Checked.invalid(problems));
    }

    /**
     * The name of the class a claim is provisioned from: its own {@code storageClassName}, or with none the
     * cluster's default class; empty when neither is there.
     */
    public static Optional<String> classOf(PersistentVolumeClaim claim, Collection<StorageClass> classes) {
        String named = claim.getSpec() == null ? null : claim.getSpec().getStorageClassName();
        if (named != null) {
            return named.isEmpty() ? Optional.empty() : Optional.of(named);
        }
        return classes.stream()
                .filter(c -> c.getMetadata().getAnnotations() != null
                        && "true".equals(c.getMetadata().getAnnotations().get(DEFAULT_CLASS_ANNOTATION)))
                .map(c -> c.getMetadata().getName())
                .sorted()
                .findFirst();
    }
}
