package io.datamover.placement.domain;

import static io.datamover.placement.VolumeEvents.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.events.DecisionType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecisionRetentionTest {

    @Test
    void shouldKeepTheStandingAndOpenDecisionsWhateverTheirAgeAndTheLatestEndedOnesOfEachGroup() {
        Decision promoted = decision("failover-shop-1", "shop", Decision.PROMOTED, 1);
        Decision open = decision("resync-shop-2", "shop", Decision.REJOIN, 2);
        List<Decision> all = new ArrayList<>(List.of(promoted, open));
        for (int i = 0; i < 4; i++) {
            all.add(decision("request-shop-" + i, "shop", Decision.REJECTED, 10 + i));
            all.add(decision("request-wiki-" + i, "wiki", Decision.REJECTED, 10 + i));
        }

        List<String> expired = DecisionRetention.expired(all, Map.of("shop", promoted), 2);

        assertThat(expired).containsExactly("request-shop-0", "request-shop-1", "request-wiki-0", "request-wiki-1");
    }

    private static Decision decision(String id, String group, String step, long second) {
        return new Decision(id, DecisionType.SWITCHOVER, step, group, List.of(group + "-data"), "stockholm",
                "falkenberg", "test", at(second), at(second), at(second), null, null, null, null);
    }
}
