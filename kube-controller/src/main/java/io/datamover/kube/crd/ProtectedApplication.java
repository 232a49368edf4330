package io.datamover.kube.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * An application whose volumes are protected together: the PersistentVolumeClaims its selector matches in its
 * namespace become one volume group of the snapshot-service, snapshotted on its schedule and replicated to its
 * locations.
 */
@Group(MigrationLocation.GROUP)
@Version(MigrationLocation.VERSION)
@AdditionalPrinterColumn(name = "Group", jsonPath = ".status.groupId")
@AdditionalPrinterColumn(name = "Valid", jsonPath = ".status.conditions[?(@.type==\"Valid\")].status")
@AdditionalPrinterColumn(name = "Protected", jsonPath = ".status.conditions[?(@.type==\"Protected\")].status")
@AdditionalPrinterColumn(name = "Replicated", jsonPath = ".status.conditions[?(@.type==\"Replicated\")].status")
public class ProtectedApplication extends CustomResource<ProtectedApplicationSpec, ProtectedApplicationStatus>
        implements Namespaced {

    @Override
    protected ProtectedApplicationStatus initStatus() {
        return new ProtectedApplicationStatus();
    }
}
