package io.datamover.snapshot.support;

import static io.restassured.RestAssured.given;

import io.datamover.events.EventPublisher;
import io.datamover.events.ReplicaApplied;
import io.datamover.events.SnapshotTaken;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.util.List;

/** Volumes protected alone through the service's REST API, and their snapshots applied at a target site. */
public final class ProtectedVolumes {

    private ProtectedVolumes() {
    }

    /** Protects the volume towards {@code target}. */
    public static void protect(String volumeId, int intervalSeconds, int retain, String target) {
        given().contentType(ContentType.JSON)
                .body("{\"intervalSeconds\": " + intervalSeconds + ", \"retain\": " + retain
                        + ", \"targetSites\": [\"" + target + "\"]}")
                .put("/protections/{volumeId}", volumeId)
                .then().statusCode(200);
    }

    /** Publishes, as {@code target}'s transfer-service would, that the snapshot was applied there (base n - 1). */
    public static void applied(EventPublisher replicas, String target, String volumeId, long snapshot) {
        replicas.publish(ReplicaApplied.of(target, BlockStoreResource.SITE, volumeId, snapshot,
                snapshot == 1 ? null : snapshot - 1, 4096, 4096, Instant.now()));
    }

    /**
     * Applies each of the volume's first {@code count - 1} snapshots at {@code target} once it is taken, and returns
     * the {@code snapshot-taken} events once {@code count} were read: a schedule of short intervals runs that many
     * cycles.
     */
    public static List<SnapshotTaken> cycles(SnapshotEvents snapshots, EventPublisher replicas, String target,
            String volumeId, int count) {
        for (int snapshot = 1; snapshot < count; snapshot++) {
            snapshots.await(snapshot);
            applied(replicas, target, volumeId, snapshot);
        }
        return snapshots.await(count);
    }
}
