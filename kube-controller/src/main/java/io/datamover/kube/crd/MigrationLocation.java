package io.datamover.kube.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** A site the data mover replicates to: its id, its transfer-service and the Kafka it shares events through. */
@Group(MigrationLocation.GROUP)
@Version(MigrationLocation.VERSION)
@AdditionalPrinterColumn(name = "Site", jsonPath = ".spec.site")
@AdditionalPrinterColumn(name = "Valid", jsonPath = ".status.conditions[?(@.type==\"Valid\")].status")
public class MigrationLocation extends CustomResource<MigrationLocationSpec, ResourceStatus> implements Namespaced {

    public static final String GROUP = "datamover.io";
    public static final String VERSION = "v1alpha1";

    @Override
    protected ResourceStatus initStatus() {
        return new ResourceStatus();
    }
}
