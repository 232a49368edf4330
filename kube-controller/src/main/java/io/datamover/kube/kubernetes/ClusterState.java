package io.datamover.kube.kubernetes;

import io.datamover.kube.crd.MigrationLocation;
import io.datamover.kube.crd.ProtectedApplication;
import io.datamover.kube.crd.SnapshotSchedule;
import io.datamover.kube.domain.Checked;
import io.datamover.kube.domain.LocationTerms;
import io.datamover.kube.domain.ScheduleTerms;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What one pass of the reconciler works from: the watched objects as the informers hold them, and the schedules
 * and locations checked.
 */
public record ClusterState(List<ProtectedApplication> applications, Map<String, Checked<ScheduleTerms>> schedules,
        Map<String, Checked<LocationTerms>> locations, List<PersistentVolumeClaim> claims, Set<String> volumeNames,
        List<StorageClass> storageClasses) {

    public static ClusterState read(Informers informers, String site) {
        Map<String, Checked<ScheduleTerms>> schedules = new TreeMap<>();
        for (SnapshotSchedule schedule : informers.schedules()) {
            schedules.put(schedule.getMetadata().getName(), ScheduleTerms.check(schedule.getSpec()));
        }
        Map<String, Checked<LocationTerms>> locations = new TreeMap<>();
        for (MigrationLocation location : informers.locations()) {
            locations.put(location.getMetadata().getName(), LocationTerms.check(location.getSpec(), site));
        }
        Set<String> volumeNames = informers.volumes().stream().map(pv -> pv.getMetadata().getName())
                .collect(Collectors.toSet());
        return new ClusterState(informers.applications(), schedules, locations, informers.claims(), volumeNames,
                informers.storageClasses());
    }
}
