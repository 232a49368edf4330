package io.datamover.kube.domain;

import static io.datamover.kube.domain.Fixtures.LOCATIONS;
import static io.datamover.kube.domain.Fixtures.SCHEDULES;
import static io.datamover.kube.domain.Fixtures.claim;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StorageClassTermsTest {

    @Test
    void shouldProtectWithTheNamedScheduleAndLocations() {
        Checked<StorageClassTerms> checked = check(Map.of("migrationEnable", "true",
                "migrationLocations", "falkenberg, oslo", "schedulePolicy", "every-minute")).orElseThrow();

        assertThat(checked.value().schedule()).isEqualTo(new ScheduleTerms(60, 3));
        assertThat(checked.value().targetSites()).containsExactly("falkenberg", "oslo");
    }

    @Test
    void shouldLeaveAClassWithoutMigrationEnableAlone() {
        assertThat(check(Map.of("migrationEnable", "false", "schedulePolicy", "every-minute"))).isEmpty();
        assertThat(check(Map.of())).isEmpty();
    }

    @Test
    void shouldNameTheParameterThatIsWrong() {
        Checked<StorageClassTerms> checked = check(Map.of("migrationEnable", "true", "migrationLocations",
                "falkenberg,mars", "schedulePolicy", "hourly")).orElseThrow();

        assertThat(checked.problems()).extracting(Problem::reason, Problem::field).containsExactly(
                tuple("UnknownSchedule", "parameters.schedulePolicy"),
                tuple("UnknownLocation", "parameters.migrationLocations[1]"));
    }

    @Test
    void shouldFindTheDefaultClassOfAClaimThatNamesNone() {
        StorageClass fast = storageClass("fast", false);
        StorageClass standard = storageClass("standard", true);
        PersistentVolumeClaim unnamed = new PersistentVolumeClaimBuilder(claim("data", "shop", "pvc-1"))
                .editSpec().withStorageClassName(null).endSpec().build();
        PersistentVolumeClaim none = new PersistentVolumeClaimBuilder(unnamed)
                .editSpec().withStorageClassName("").endSpec().build();

        assertThat(StorageClassTerms.classOf(claim("data", "shop", "pvc-1"), List.of(fast, standard))).contains("fast");
        assertThat(StorageClassTerms.classOf(unnamed, List.of(fast, standard))).contains("standard");
        assertThat(StorageClassTerms.classOf(unnamed, List.of(fast))).isEmpty();
        assertThat(StorageClassTerms.classOf(none, List.of(fast, standard))).isEmpty();
    }

    private static StorageClass storageClass(String name, boolean isDefault) {
        return new StorageClassBuilder().withNewMetadata().withName(name)
                .addToAnnotations(StorageClassTerms.DEFAULT_CLASS_ANNOTATION, Boolean.toString(isDefault))
                .endMetadata().withProvisioner("block-store.datamover.io").build();
    }

    private static Optional<Checked<StorageClassTerms>> check(Map<String, String> parameters) {
        StorageClass storageClass = new StorageClassBuilder().withNewMetadata().withName("fast").endMetadata()
                .withParameters(parameters).build();
        return StorageClassTerms.check(storageClass, SCHEDULES, LOCATIONS);
    }
}
