package io.datamover.snapshot.domain;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MembershipTest {

    private static final List<String> TARGETS = List.of("falkenberg");
    private final Group shop = group("shop", "shop-db", "shop-files");

    @Test
    void shouldAcceptAGroupOfFreeVolumes() {
        assertThatCode(() -> Membership.requireFree(shop, List.of(new Protection("wiki-db", 60, 5, TARGETS)),
                List.of(group("wiki", "wiki-db2")))).doesNotThrowAnyException();
    }

    @Test
    void shouldAcceptReplacingAGroupWithItsOwnVolumes() {
        assertThatCode(() -> Membership.requireFree(group("shop", "shop-db"), List.of(), List.of(shop)))
                .doesNotThrowAnyException();
    }

    @Test
    void shouldRejectAVolumeProtectedOnItsOwn() {
        assertConflict(() -> Membership.requireFree(shop, List.of(new Protection("shop-files", 60, 5, TARGETS)),
                List.of()), "volumeIds", "shop-files");
    }

    @Test
    void shouldRejectAVolumeOfAnotherGroup() {
        assertConflict(() -> Membership.requireFree(shop, List.of(), List.of(group("blog", "blog-db", "shop-db"))),
                "volumeIds", "blog");
    }

    @Test
    void shouldRejectProtectingAGroupedVolumeOnItsOwn() {
        assertConflict(() -> Membership.requireUngrouped("shop-files", List.of(shop)), "volumeId", "shop");
        assertThatCode(() -> Membership.requireUngrouped("other", List.of(shop))).doesNotThrowAnyException();
    }

    private static Group group(String groupId, String... volumeIds) {
        return new Group(groupId, List.of(volumeIds), 60, 5, TARGETS, null, null, 30);
    }

    private static void assertConflict(Runnable check, String field, String named) {
        assertThatThrownBy(check::run).isInstanceOfSatisfying(ProtectionException.class, e -> {
            assertThat(e.reason()).isEqualTo(ProtectionException.Reason.CONFLICT);
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).contains(named);
        });
    }
}
