package io.datamover.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.datamover.events.EventJson;
import io.datamover.events.ReplicaHealth;
import io.datamover.events.ReplicaState;
import io.datamover.events.ReplicaStatus;
import io.datamover.events.TransferProgress;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusCommandTest {

    private static final long MIB = 1L << 20;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void shouldShowTheTransferUnderWayUnderItsReplicasRow() throws IOException {
        String table = StatusCommand.table(volumes(replica(new TransferProgress(7, 512 * MIB, 1024 * MIB, 30 * MIB,
                17L, T0, T0.plusSeconds(17)))));

        assertThat(table.lines()).containsExactly(
                "VOLUME               PRIMARY        LATEST   REPLICA      CONSISTENT    LAG BYTES    LAG S  STATE",
                "pg-data              stockholm           7   falkenberg            6     64.0 MiB       60  frozen",
                "                     transferring 7: 512.0 MiB / 1.0 GiB (50%), 30.0 MiB/s, 17 s to go");
    }

    @Test
    void shouldShowNoTransferLineForAReplicaWithNoneUnderWay() throws IOException {
        String table = StatusCommand.table(volumes(replica(null)));

        assertThat(table.lines()).hasSize(2).noneMatch(line -> line.contains("transferring"));
    }

    @Test
    void shouldSayTheRateIsNotKnownAfterTheFirstChunk() throws IOException {
        String table = StatusCommand.table(volumes(replica(new TransferProgress(7, 8 * MIB, 1024 * MIB, null, null,
                T0, T0))));

        assertThat(table).contains("transferring 7: 8.0 MiB / 1.0 GiB (0%), rate not known yet");
    }

    @Test
    void shouldSayATransferWhoseRateFellToZeroIsStalled() throws IOException {
        String table = StatusCommand.table(volumes(replica(new TransferProgress(7, 8 * MIB, 1024 * MIB, 0L, null,
                T0, T0.plusSeconds(30)))));

        assertThat(table).contains("transferring 7: 8.0 MiB / 1.0 GiB (0%), 0 B/s, stalled");
    }

    @Test
    void shouldShowLongTimesToGoInMinutesAndHours() {
        assertThat(StatusCommand.duration(59)).isEqualTo("59 s");
        assertThat(StatusCommand.duration(250)).isEqualTo("4 min 10 s");
        assertThat(StatusCommand.duration(7500)).isEqualTo("2 h 5 min");
    }

    @Test
    void shouldSaySoWhenThereAreNoVolumes() {
        assertThat(StatusCommand.table(EventJson.mapper().createArrayNode())).startsWith("No volumes yet.\n");
    }

    private static ReplicaStatus replica(TransferProgress transfer) {
        return new ReplicaStatus("falkenberg", 6L, T0.minusSeconds(60), T0.minusSeconds(50), 64 * MIB, 60,
                ReplicaHealth.FROZEN, transfer);
    }

    /** What placement's {@code GET /volumes} answers for one volume with this replica. */
    private static JsonNode volumes(ReplicaStatus replica) throws IOException {
        ReplicaState state = ReplicaState.of("pg-data", "stockholm", 7L, T0, Map.of(replica.site(), replica), null);
        ArrayNode volumes = EventJson.mapper().createArrayNode();
        volumes.add(EventJson.mapper().readTree(EventJson.write(state)));
        return volumes;
    }

    @Test
    void shouldShowEachSiteWithItsHeadroomAndTheDecisionsUnderWay() throws IOException {
        JsonNode sites = EventJson.mapper().readTree("""
                [{"site": "stockholm", "state": "short", "detail": "cooling headroom 2.0 kW below 10.0 kW since x",
                  "powerHeadroomKw": 100.0, "coolingHeadroomKw": 2.0, "alive": true},
                 {"site": "falkenberg", "state": "unknown", "detail": "no metrics received", "alive": false}]""");
        JsonNode decisions = EventJson.mapper().readTree("""
                [{"groupId": "webshop", "type": "switchover", "step": "final-snapshot", "fromSite": "stockholm",
                  "site": "falkenberg", "cause": "final group snapshot taken at stockholm: pg-data@7"}]""");

        assertThat(StatusCommand.sitesTable(sites).lines()).containsExactly(
                "SITE         STATE     POWER KW  COOLING KW  ALIVE  DETAIL",
                "stockholm    short        100.0         2.0  yes    cooling headroom 2.0 kW below 10.0 kW since x",
                "falkenberg   unknown          -           -  no     no metrics received");
        assertThat(StatusCommand.decisionsTable(decisions).lines()).containsExactly(
                "GROUP                DECISION    STEP            FROM         TO           CAUSE",
                "webshop              switchover  final-snapshot  stockholm    falkenberg   final group snapshot taken"
                        + " at stockholm: pg-data@7");
        assertThat(StatusCommand.decisionsTable(EventJson.mapper().createArrayNode()))
                .isEqualTo("No placement decision under way.\n");
    }
}
