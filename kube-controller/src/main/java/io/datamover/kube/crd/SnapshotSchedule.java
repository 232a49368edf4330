package io.datamover.kube.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** How often to snapshot what refers to it, and how many snapshots of each volume to keep. */
@Group(MigrationLocation.GROUP)
@Version(MigrationLocation.VERSION)
@AdditionalPrinterColumn(name = "Interval", jsonPath = ".spec.interval")
@AdditionalPrinterColumn(name = "Retain", jsonPath = ".spec.retain")
@AdditionalPrinterColumn(name = "Valid", jsonPath = ".status.conditions[?(@.type==\"Valid\")].status")
public class SnapshotSchedule extends CustomResource<SnapshotScheduleSpec, ResourceStatus> implements Namespaced {

    @Override
    protected ResourceStatus initStatus() {
        return new ResourceStatus();
    }
}
