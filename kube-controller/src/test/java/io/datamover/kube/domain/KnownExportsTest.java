package io.datamover.kube.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.events.ApplicationExported;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KnownExportsTest {

    private final KnownExports known = new KnownExports();

    @Test
    void shouldTellTheKeysWhoseLatestExportASitePublishedAndForgetAWithdrawnOne() {
        known.put(export("webshop-1", "stockholm", "falkenberg"));
        known.put(export("webshop-1", "stockholm", "oslo"));
        known.put(export("crm-2", "falkenberg", "stockholm"));
        known.put(export("wiki-3", "stockholm", "falkenberg"));
        known.put(export("wiki-3", "oslo", "falkenberg"));

        assertThat(known.keysFrom("stockholm")).as("wiki-3 was exported from oslo since")
                .containsExactlyInAnyOrder("webshop-1.falkenberg", "webshop-1.oslo");

        assertThat(known.forget("webshop-1.oslo"))
                .hasValueSatisfying(e -> assertThat(e.targetSite()).isEqualTo("oslo"));
        assertThat(known.forget("webshop-1.oslo")).as("already forgotten").isEmpty();
        assertThat(known.keysFrom("stockholm")).containsExactly("webshop-1.falkenberg");
        assertThat(known.find("webshop-1.oslo")).isEmpty();
        assertThat(known.find("crm-2.stockholm")).isPresent();
    }

    @Test
    void shouldSayOnceThatItCaughtUp() {
        assertThat(known.isCaughtUp()).isFalse();

        assertThat(known.markCaughtUp()).isTrue();
        assertThat(known.markCaughtUp()).isFalse();
        assertThat(known.isCaughtUp()).isTrue();
    }

    private static ApplicationExported export(String groupId, String site, String target) {
        return ApplicationExported.of(groupId, site, target, "shop", "shop", List.of(), Map.of());
    }
}
