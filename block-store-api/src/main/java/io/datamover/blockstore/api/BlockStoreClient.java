package io.datamover.blockstore.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datamover.events.EventJson;
import io.datamover.events.Extent;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Client of the block store's HTTP API. Every method throws {@link BlockStoreException}: with the HTTP status and
 * the store's error message on a non-2xx response, with {@link BlockStoreException#UNREACHABLE} when the store
 * does not answer. Thread-safe.
 */
public class BlockStoreClient {

    private static final String JSON = "application/json";
    private static final String OCTETS = "application/octet-stream";
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    /** The contract's mapper, lenient on absent optional fields (the store leaves null fields out or not). */
    private static final ObjectMapper MAPPER = EventJson.mapper();
    private static final JavaType SNAPSHOTS =
            MAPPER.getTypeFactory().constructCollectionType(List.class, SnapshotInfo.class);

    private final URI baseUrl;
    private final HttpClient http;
    private final Duration timeout;
    /** The {@code Authorization} header of every request, null for none. */
    private final String authorization;

    public BlockStoreClient(URI baseUrl) {
        this(baseUrl, BulkHttp.builder().connectTimeout(Duration.ofSeconds(5)).build(), DEFAULT_TIMEOUT);
    }

    public BlockStoreClient(URI baseUrl, HttpClient http, Duration timeout) {
        this(baseUrl, http, timeout, null);
    }

    private BlockStoreClient(URI baseUrl, HttpClient http, Duration timeout, String authorization) {
        String url = baseUrl.toString();
        this.baseUrl = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        this.http = http;
        this.timeout = timeout;
        this.authorization = authorization;
    }

    /**
     * This client sending {@code Authorization: Bearer <token>} with every request: for a server that serves the
     * store's API to its token holders only, as a mover pod serves a csi snapshot's extents.
     */
    public BlockStoreClient withBearerToken(String token) {
        if (token == null || token.isBlank() || token.strip().chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException("a bearer token is printable ASCII without spaces");
        }
        return new BlockStoreClient(baseUrl, http, timeout, "Bearer " + token.strip());
    }

    public static BlockStoreClient of(String baseUrl) {
        return new BlockStoreClient(URI.create(baseUrl));
    }

    public URI baseUrl() {
        return baseUrl;
    }

    public VolumeInfo createVolume(String id, long sizeBytes, VolumeRole role) {
        return createVolume(id, sizeBytes, CreateVolume.DEFAULT_BLOCK_SIZE, role);
    }

    public VolumeInfo createVolume(String id, long sizeBytes, int blockSize, VolumeRole role) {
        return json(post("/volumes", new CreateVolume(id, sizeBytes, blockSize, role)), VolumeInfo.class);
    }

    public VolumeInfo volume(String id) {
        return json(get(volumePath(id)), VolumeInfo.class);
    }

    /** The volume, empty if the store has none of that id. */
    public Optional<VolumeInfo> findVolume(String id) {
        try {
            return Optional.of(volume(id));
        } catch (BlockStoreException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public List<VolumeInfo> volumes() {
        return json(get("/volumes"), MAPPER.getTypeFactory().constructCollectionType(List.class, VolumeInfo.class));
    }

    /** Writes {@code data} to the live volume at byte {@code offset}. */
    public void write(String id, long offset, byte[] data) {
        send(request(volumePath(id) + "/data?offset=" + offset)
                .header("Content-Type", OCTETS)
                .PUT(BulkHttp.ofBytes(data)));
    }

    /** Writes the remaining bytes of {@code data} to the live volume at byte {@code offset}. */
    public void write(String id, long offset, ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        write(id, offset, bytes);
    }

    /** Reads {@code length} bytes (at most 64 MiB) of the live volume from byte {@code offset}. */
    public byte[] read(String id, long offset, int length) {
        return send(request(volumePath(id) + "/data?offset=" + offset + "&length=" + length).GET()).body();
    }

    /** Deletes the volume and its snapshots; refused (409) while a clone or a holder needs one of its snapshots. */
    public void deleteVolume(String id) {
        send(request(volumePath(id)).DELETE());
    }

    public SnapshotInfo createSnapshot(String id) {
        return json(send(request(volumePath(id) + "/snapshots").POST(BodyPublishers.noBody())), SnapshotInfo.class);
    }

    /**
     * Snapshots the volumes at one point in time: writes to them wait meanwhile. Either every volume gets its next
     * snapshot or none does (400, 404 or 409 naming {@code volumeIds} for a bad list, an unknown, replica or frozen
     * volume).
     *
     * @return each volume's new snapshot, in the order of {@code volumeIds}
     */
    public List<SnapshotInfo> createSnapshots(List<String> volumeIds) {
        return json(post("/snapshots", new CreateSnapshots(volumeIds)), SNAPSHOTS);
    }

    /**
     * Freezes the volumes and snapshots them in one step: no write lands between the first snapshot and the last, nor
     * after them until each volume is thawed (or demoted). Frozen volumes are accepted: a repeated call after a
     * crash snapshots them again.
     */
    public List<SnapshotInfo> freezeAndSnapshot(List<String> volumeIds, String reason) {
        return json(post("/snapshots", new CreateSnapshots(volumeIds, reason)), SNAPSHOTS);
    }

    /**
     * Makes this replica the primary: whatever parts of an unsealed delta it holds are undone, so that it reads as its
     * consistent snapshot, and it takes writes from now on; changed block tracking counts from that snapshot. A
     * no-op for a primary.
     */
    public VolumeInfo promote(String id) {
        return json(post(volumePath(id) + "/promote", Map.of()), VolumeInfo.class);
    }

    /**
     * Makes this frozen primary a replica consistent at its latest snapshot, to receive deltas from a new primary.
     * Refused while writes made since that snapshot would be lost: a switchover freezes and snapshots the volume
     * first. A no-op for a replica.
     */
    public VolumeInfo demote(String id) {
        return json(post(volumePath(id) + "/demote", Map.of()), VolumeInfo.class);
    }

    /**
     * Makes the copy of a primary lost in a failover a replica of the new primary consistent at {@code snapshot}, the
     * last snapshot both hold: the snapshots after it and the writes since it are discarded (the blocks written get
     * its content back, locally), and the new primary's deltas from base {@code snapshot} apply. Refused (404 naming
     * {@code snapshot}) for a snapshot the volume does not hold, (409) while a clone reads a snapshot after it. A no-op
     * for a replica; a repeated call completes one that a crash stopped.
     */
    public RejoinResult rejoin(String id, long snapshot) {
        return json(post(volumePath(id) + "/rejoin", new Rejoin(snapshot)), RejoinResult.class);
    }

    /** How much of the volume changed from snapshot {@code base} to snapshot {@code snapshot}. */
    public ChangeSummary changes(String id, long base, long snapshot) {
        return json(get(snapshotPath(id, snapshot) + "/changes?base=" + base), ChangeSummary.class);
    }

    /** The retained snapshots of the volume, ascending. */
    public List<SnapshotInfo> snapshots(String id) {
        return json(get(volumePath(id) + "/snapshots"), SNAPSHOTS);
    }

    public void deleteSnapshot(String id, long snapshot) {
        send(request(snapshotPath(id, snapshot)).DELETE());
    }

    /**
     * Creates volume {@code newId}, a writable primary whose content is snapshot {@code snapshot} of volume
     * {@code sourceId}, in constant time: it shares the snapshot's blocks until it writes its own.
     */
    public VolumeInfo clone(String sourceId, long snapshot, String newId) {
        return json(post(snapshotPath(sourceId, snapshot) + "/clones", new CloneVolume(newId)), VolumeInfo.class);
    }

    /** Keeps the snapshot from being deleted until {@code holder} releases it; holding it again is a no-op. */
    public void hold(String id, long snapshot, String holder) {
        send(request(holdPath(id, snapshot, holder)).POST(BodyPublishers.noBody()));
    }

    /** Releases {@code holder}'s hold on the snapshot; releasing a hold that does not exist is a no-op. */
    public void release(String id, long snapshot, String holder) {
        send(request(holdPath(id, snapshot, holder)).DELETE());
    }

    /** Reads {@code length} bytes (at most 64 MiB) of snapshot {@code snapshot} from byte {@code offset}. */
    public byte[] readSnapshot(String id, long snapshot, long offset, int length) {
        return send(request(snapshotPath(id, snapshot) + "/data?offset=" + offset + "&length=" + length).GET())
                .body();
    }

    /** The given extents of a snapshot framed as a delta ({@link DeltaFormat}), in the order given; 64 MiB at most. */
    public byte[] readExtents(String id, long snapshot, List<Extent> extents) {
        return post(snapshotPath(id, snapshot) + "/extents", extents).body();
    }

    /**
     * Where the bytes of the given extents of a snapshot lie in the store's files, with their CRC32C per sector,
     * for a caller on the store's host that reads the files itself; 64 MiB at most, offsets and lengths whole
     * sectors. The files may change after the answer: check what is read against the sums, and locate again on a
     * mismatch ({@link ExtentLocations}).
     */
    public ExtentLocations locate(String id, long snapshot, List<Extent> extents) {
        return json(post(snapshotPath(id, snapshot) + "/locate", extents), ExtentLocations.class);
    }

    /** The SHA-256 of the snapshot's whole content. */
    public Digest digest(String id, long snapshot) {
        return json(get(snapshotPath(id, snapshot) + "/digest"), Digest.class);
    }

    /**
     * Reads every sector of the snapshot, checks it against the checksum the store keeps with it, and digests
     * the content; takes as long as reading the whole volume.
     */
    public Verification verify(String id, long snapshot) {
        return json(get(snapshotPath(id, snapshot) + "/verify"), Verification.class);
    }

    /** As {@link #verify(String, long)}, for the live volume. */
    public Verification verifyLive(String id) {
        return json(get(volumePath(id) + "/verify"), Verification.class);
    }

    public VolumeInfo freeze(String id, String reason) {
        return json(post(volumePath(id) + "/freeze", new Freeze(reason)), VolumeInfo.class);
    }

    public VolumeInfo thaw(String id) {
        return json(send(request(volumePath(id) + "/thaw").POST(BodyPublishers.noBody())), VolumeInfo.class);
    }

    /**
     * Applies a delta in {@link DeltaFormat} to a frozen replica and seals its snapshot {@code snapshot}.
     *
     * @param base the snapshot the delta starts from, null for a full copy
     */
    public ApplyResult apply(String id, Long base, long snapshot, Path deltaFile) {
        BodyPublisher body;
        try {
            body = BodyPublishers.ofFile(deltaFile);
        } catch (FileNotFoundException e) {
            throw new IllegalArgumentException("delta file " + deltaFile + " does not exist", e);
        }
        return apply(id, base, snapshot, body);
    }

    /** As {@link #apply(String, Long, long, Path)}, the delta read from a fresh stream of {@code delta}. */
    public ApplyResult apply(String id, Long base, long snapshot, Supplier<InputStream> delta) {
        return apply(id, base, snapshot, BodyPublishers.ofInputStream(delta));
    }

    private ApplyResult apply(String id, Long base, long snapshot, BodyPublisher body) {
        String query = "?snapshot=" + snapshot + (base == null ? "" : "&base=" + base);
        return json(send(request(volumePath(id) + "/apply" + query).header("Content-Type", OCTETS).POST(body)),
                ApplyResult.class);
    }

    /**
     * Prepares a frozen replica to receive snapshot {@code snapshot} in parts: undoes parts of an abandoned delta and,
     * for a full copy ({@code base} null), zeros every block.
     */
    public VolumeInfo beginApply(String id, Long base, long snapshot) {
        return json(send(request(applyPath(id, snapshot) + "/begin" + baseQuery(base))
                .POST(BodyPublishers.noBody())), VolumeInfo.class);
    }

    /** Writes one part, in {@link DeltaFormat}, of the delta to {@code snapshot}, durably; parts may run in parallel. */
    public ApplyResult applyPart(String id, Long base, long snapshot, byte[] part) {
        return json(send(request(applyPath(id, snapshot) + "/parts" + baseQuery(base))
                .header("Content-Type", OCTETS).POST(BulkHttp.ofBytes(part))), ApplyResult.class);
    }

    /** Seals the parts as snapshot {@code snapshot}, which becomes the replica's consistent snapshot. */
    public VolumeInfo sealApply(String id, long snapshot) {
        return sealApply(id, snapshot, false);
    }

    /**
     * Seals the parts as {@link #sealApply(String, long)} does; with {@code thaw}, the replica is thawed in the same
     * durable step (only thawed if it holds the snapshot already).
     */
    public VolumeInfo sealApply(String id, long snapshot, boolean thaw) {
        return json(send(request(applyPath(id, snapshot) + "/seal" + (thaw ? "?thaw=true" : ""))
                .POST(BodyPublishers.noBody())), VolumeInfo.class);
    }

    /** Checks the blocks written since the latest snapshot (a replica's parts before the seal). */
    public Verification verifyChanged(String id) {
        return json(get(volumePath(id) + "/verify?changed=true"), Verification.class);
    }

    private static String applyPath(String id, long snapshot) {
        return volumePath(id) + "/apply/" + snapshot;
    }

    private static String baseQuery(Long base) {
        return base == null ? "" : "?base=" + base;
    }

    private static String volumePath(String id) {
        return "/volumes/" + segment(id);
    }

    private static String snapshotPath(String id, long snapshot) {
        return volumePath(id) + "/snapshots/" + snapshot;
    }

    private static String holdPath(String id, long snapshot, String holder) {
        return snapshotPath(id, snapshot) + "/holds/" + segment(holder);
    }

    private static String segment(String value) {
        return URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpResponse<byte[]> get(String path) {
        return send(request(path).GET());
    }

    private HttpResponse<byte[]> post(String path, Object body) {
        try {
            return send(request(path).header("Content-Type", JSON)
                    .POST(BodyPublishers.ofByteArray(MAPPER.writeValueAsBytes(body))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + body.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(timeout);
        return authorization == null ? request : request.header("Authorization", authorization);
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new BlockStoreException("block store at " + baseUrl + " is unreachable: " + request.method() + " "
                    + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BlockStoreException("interrupted while calling the block store: " + request.method() + " "
                    + request.uri(), e);
        }
        if (response.statusCode() / 100 != 2) {
            throw failure(request, response);
        }
        return response;
    }

    private static BlockStoreException failure(HttpRequest request, HttpResponse<byte[]> response) {
        ErrorBody body = errorBody(response.body());
        String message = body != null && body.error() != null ? body.error()
                : request.method() + " " + request.uri() + " answered " + response.statusCode() + ": "
                        + new String(response.body(), StandardCharsets.UTF_8);
        return new BlockStoreException(response.statusCode(), message, body == null ? null : body.field());
    }

    private static ErrorBody errorBody(byte[] body) {
        try {
            return MAPPER.readValue(body, ErrorBody.class);
        } catch (IOException e) {
            return null;
        }
    }

    private <T> T json(HttpResponse<byte[]> response, Class<T> type) {
        return json(response, MAPPER.getTypeFactory().constructType(type));
    }

    private <T> T json(HttpResponse<byte[]> response, JavaType type) {
        try {
            return MAPPER.readValue(response.body(), type);
        } catch (IOException e) {
            throw new BlockStoreException("block store at " + baseUrl + " answered " + response.request().uri()
                    + " with an unreadable " + type.getRawClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
