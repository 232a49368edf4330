package io.datamover.kube.kubernetes;

import io.datamover.kube.crd.MigrationLocation;
import io.datamover.kube.crd.ResourceStatus;
import io.datamover.kube.crd.SnapshotSchedule;
import io.datamover.kube.domain.Checked;
import io.datamover.kube.domain.Conditions;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One pass over everything the controller serves, level-triggered: whatever changed, the snapshot-service is brought
 * to what the resources ask for now, each application is exported for its locations (published where it changed),
 * exports no longer wanted are withdrawn, and every status is computed again (and written where it changed).
 */
public class Reconciler {

    private final Informers informers;
    private final String site;
    private final Applications applications;
    private final ApplicationExporter exporter;
    private final ClassProtections classProtections;
    private final StatusWriter statuses;

    public Reconciler(Informers informers, String site, Applications applications, ApplicationExporter exporter,
            ClassProtections classProtections, StatusWriter statuses) {
        this.informers = informers;
        this.site = site;
        this.applications = applications;
        this.exporter = exporter;
        this.classProtections = classProtections;
        this.statuses = statuses;
    }

    /**
     * Protections that are no longer wanted go first, so that a volume moving from a storage class's protection to
     * an application's group (or back) is never asked for twice, which the snapshot-service refuses.
     */
    public void reconcile() {
        ClusterState state = ClusterState.read(informers, site);
        writeDefinitionStatuses(state);
        List<ApplicationPlan> plans = state.applications().stream().map(app -> ApplicationPlan.of(app, state))
                .toList();
        Set<String> grouped = new HashSet<>();
        plans.stream().filter(plan -> !plan.isDeleted()).forEach(plan -> grouped.addAll(plan.volumeIds()));
        ClassProtections.Plan classPlan = ClassProtections.plan(state, grouped);

        classProtections.withdraw(state, classPlan);
        plans.stream().filter(ApplicationPlan::isDeleted).forEach(applications::finish);
        plans.stream().filter(plan -> !plan.isDeleted()).forEach(plan -> {
            exporter.export(plan);
            applications.reconcile(plan);
        });
        exporter.withdrawUnwanted(plans);
        classProtections.register(classPlan);
    }

    private void writeDefinitionStatuses(ClusterState state) {
        for (SnapshotSchedule schedule : informers.schedules()) {
            write(SnapshotSchedule.class, schedule, state.schedules().get(schedule.getMetadata().getName()));
        }
        for (MigrationLocation location : informers.locations()) {
            write(MigrationLocation.class, location, state.locations().get(location.getMetadata().getName()));
        }
    }

    /**
     * A resource the informer got after this pass read the cluster has not been checked yet: the pass its event
     * wakes writes its status.
     */
    private <T extends CustomResource<?, ResourceStatus>> void write(Class<T> type, T resource, Checked<?> checked) {
        if (checked == null) {
            return;
        }
        ResourceStatus status = new ResourceStatus();
        status.setConditions(List.of(Conditions.valid(checked.problems())));
        statuses.write(type, resource, status);
    }
}
