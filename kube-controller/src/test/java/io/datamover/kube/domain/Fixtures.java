package io.datamover.kube.domain;

import io.datamover.kube.crd.Hook;
import io.datamover.kube.crd.ProtectedApplicationSpec;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import java.util.List;
import java.util.Map;

/** Resources as the API server would hand them to the controller. */
final class Fixtures {

    static final Map<String, Checked<ScheduleTerms>> SCHEDULES = Map.of(
            "every-minute", Checked.valid(new ScheduleTerms(60, 3)),
            "broken", ScheduleTerms.check(ScheduleTermsTest.spec("0s", 3)));
    static final Map<String, Checked<LocationTerms>> LOCATIONS = Map.of(
            "falkenberg", Checked.valid(new LocationTerms("falkenberg", ObjectMapping.NONE)),
            "oslo", Checked.valid(new LocationTerms("oslo", ObjectMapping.NONE)),
            "oslo-again", Checked.valid(new LocationTerms("oslo", ObjectMapping.NONE)),
            "nowhere", LocationTerms.check(LocationTermsTest.spec("stockholm", "http://t", "k:9092", null),
                    "stockholm"));

    private Fixtures() {
    }

    static LabelSelector labels(String... keyValues) {
        LabelSelectorBuilder builder = new LabelSelectorBuilder();
        for (int i = 0; i < keyValues.length; i += 2) {
            builder.addToMatchLabels(keyValues[i], keyValues[i + 1]);
        }
        return builder.build();
    }

    static ProtectedApplicationSpec application(LabelSelector selector, String schedule, String... locations) {
        ProtectedApplicationSpec spec = new ProtectedApplicationSpec();
        spec.setNamespace("shop");
        spec.setSelector(selector);
        spec.setSchedule(schedule);
        spec.setLocations(List.of(locations));
        return spec;
    }

    static Hook hook(LabelSelector pods, String... command) {
        Hook hook = new Hook();
        hook.setPodSelector(pods);
        hook.setCommand(List.of(command));
        return hook;
    }

    /** A claim of namespace {@code shop} labelled {@code app=<app>}, bound to {@code volume} unless it is null. */
    static PersistentVolumeClaim claim(String name, String app, String volume) {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata().withNamespace("shop").withName(name).addToLabels("app", app).endMetadata()
                .withNewSpec().withVolumeName(volume).withStorageClassName("fast").endSpec()
                .withNewStatus().withPhase(volume == null ? "Pending" : "Bound").endStatus()
                .build();
    }
}
