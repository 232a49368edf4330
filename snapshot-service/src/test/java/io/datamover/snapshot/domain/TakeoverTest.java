package io.datamover.snapshot.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.events.DecisionType;
import io.datamover.events.PlacementDecision;
import java.util.List;
import org.junit.jupiter.api.Test;

class TakeoverTest {

    private static final List<String> HOOK = List.of("sh", "-c", "sync");
    private final Takeover takeover = new Takeover(30, 5);

    @Test
    void shouldProtectAGroupTowardsTheSiteItCameFromWithoutHooks() {
        Group group = takeover.group(commit("shop", "shop-db", "shop-files"), "stockholm");

        assertThat(group).isEqualTo(new Group("shop", List.of("shop-db", "shop-files"), 30, 5, List.of("stockholm"),
                null, null, Group.DEFAULT_HOOK_TIMEOUT_SECONDS));
    }

    @Test
    void shouldGiveTheGroupThePriorityTheDecisionCarriesAndZeroWithoutOne() {
        PlacementDecision commit = commit("shop", "shop-db", "shop-files");

        assertThat(takeover.group(commit.withGroupPriority(40), "stockholm").priority()).isEqualTo(40);
        assertThat(takeover.group(commit.withGroupPriority(-7), "stockholm").priority()).isEqualTo(-7);
        assertThat(takeover.group(commit, "stockholm").priority()).as("a decision written before the field").isZero();
    }

    @Test
    void shouldProtectAGroupNamedAfterItsOnlyVolumeAsThatVolumeAlone() {
        PlacementDecision single = commit("db", "db");

        assertThat(Takeover.isSingleVolume(single)).isTrue();
        assertThat(Takeover.isSingleVolume(commit("db", "db-data"))).isFalse();
        assertThat(Takeover.isSingleVolume(commit("db", "db", "db-log"))).isFalse();
        assertThat(takeover.protection(single, "stockholm"))
                .isEqualTo(new Protection("db", 30, 5, List.of("stockholm")));
    }

    @Test
    void shouldTakeTheFinalSnapshotOfTheDecisionsVolumesWithTheGroupsHooksAlsoForTheTarget() {
        Group defined = new Group("shop", List.of("shop-db"), 60, 3, List.of("oslo"), HOOK, HOOK, 10);

        Group last = defined.forFinalSnapshot(commit("shop", "shop-db", "shop-files"));

        assertThat(last).isEqualTo(new Group("shop", List.of("shop-db", "shop-files"), 60, 3,
                List.of("oslo", "falkenberg"), HOOK, HOOK, 10));
    }

    @Test
    void shouldNotNameTheTargetTwice() {
        Protection alone = new Protection("db", 60, 3, List.of("falkenberg"));

        assertThat(Group.alone(alone).forFinalSnapshot(commit("db", "db")).targetSites())
                .containsExactly("falkenberg");
        assertThat(Group.alone(alone).protectionOf("db")).isEqualTo(alone);
    }

    private static PlacementDecision commit(String groupId, String... volumeIds) {
        return PlacementDecision.of("d-1", DecisionType.SWITCHOVER, "commit", groupId, List.of(volumeIds),
                "stockholm", "falkenberg", "cooling");
    }
}
