package io.datamover.kube.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.runtime.RepoRoot;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CRDs in {@code deploy/crds/} are those the build generates from the classes in {@code crd/}
 * ({@code target/classes/META-INF/fabric8/}); after changing a class, copy the generated files there.
 */
class CrdDriftTest {

    private static final Path GENERATED = Path.of("target", "classes", "META-INF", "fabric8");
    private static final Path COMMITTED = RepoRoot.find().resolve("deploy").resolve("crds");

    @Test
    void shouldCommitExactlyTheGeneratedCrds() throws IOException {
        List<String> generated = names(GENERATED);

        assertThat(generated).containsExactly("migrationlocations.datamover.io-v1.yml",
                "protectedapplications.datamover.io-v1.yml", "snapshotschedules.datamover.io-v1.yml");
        assertThat(names(COMMITTED)).as("files in %s", COMMITTED).containsExactlyElementsOf(generated);
        for (String name : generated) {
            assertThat(Files.readString(COMMITTED.resolve(name)))
                    .as("%s differs from %s: copy the generated file over", COMMITTED.resolve(name),
                            GENERATED.resolve(name))
                    .isEqualTo(Files.readString(GENERATED.resolve(name)));
        }
    }

    @Test
    void shouldDefineNamespacedResourcesWithAStatusSubresource() throws IOException {
        for (String name : names(COMMITTED)) {
            CustomResourceDefinition crd = Serialization.unmarshal(Files.readString(COMMITTED.resolve(name)),
                    CustomResourceDefinition.class);

            assertThat(crd.getSpec().getGroup()).isEqualTo("datamover.io");
            assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
            assertThat(crd.getSpec().getVersions()).singleElement().satisfies(version -> {
                assertThat(version.getName()).isEqualTo("v1alpha1");
                assertThat(version.getSubresources().getStatus()).isNotNull();
                assertThat(version.getSchema().getOpenAPIV3Schema().getProperties()
                        .get("status").getProperties()).containsKeys("conditions", "observedGeneration");
            });
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".yml")).sorted().toList();
        }
    }
}
