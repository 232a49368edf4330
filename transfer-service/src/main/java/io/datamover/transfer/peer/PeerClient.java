package io.datamover.transfer.peer;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datamover.blockstore.api.BulkHttp;
import io.datamover.events.EventJson;
import io.datamover.transfer.dataplane.DataPlaneClient;
import io.datamover.transfer.domain.Compression;
import io.datamover.transfer.domain.TransferException;
import io.datamover.transfer.domain.TransferException.Reason;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Client of a target site's transfer-service. Every method throws {@link TransferException}: with
 * the reason the target gave, or {@link Reason#PEER_UNREACHABLE} when it did not answer.
 */
public final class PeerClient {

    private static final ObjectMapper JSON = EventJson.mapper().copy()
            .disable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    private final String site;
    private final String baseUrl;
    private final HttpClient http;
    private final Duration timeout;

    /**
     * @param site the target site, named in errors
     * @param baseUrl its transfer-service, e.g. {@code http://127.0.0.1:8094}
     */
    public PeerClient(String site, String baseUrl, HttpClient http, Duration timeout) {
        this.site = site;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.http = http;
        this.timeout = timeout;
    }

    public BeginResponse begin(String volumeId, long snapshot, BeginRequest body) {
        return read(send(request(PeerProtocol.transferPath(volumeId, snapshot))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofByteArray(write(body)))), BeginResponse.class);
    }

    /**
     * The target's data plane at {@code port} on the host of its peer address, over mutual TLS when that address is
     * https (with the same certificates as the HTTP calls).
     */
    public DataPlaneClient dataPlane(int port) {
        URI uri = URI.create(baseUrl);
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        return new DataPlaneClient(site, uri.getHost(), port, tls ? http.sslContext() : null, timeout);
    }

    public TransferStatus status(String volumeId, long snapshot) {
        return read(send(request(PeerProtocol.transferPath(volumeId, snapshot)).GET()), TransferStatus.class);
    }

    public ChunkReceipt putChunk(String volumeId, long snapshot, int chunk, byte[] body, String checksum) {
        return putChunk(volumeId, snapshot, chunk, body, checksum, false);
    }

    /**
     * @param body the chunk's delta bytes, compressed with zstd when {@code compressed}
     * @param checksum the chunk's checksum ({@code ChunkSums#checksum()})
     */
    public ChunkReceipt putChunk(String volumeId, long snapshot, int chunk, byte[] body, String checksum,
            boolean compressed) {
        HttpRequest.Builder request = request(PeerProtocol.transferPath(volumeId, snapshot) + "/chunks/" + chunk)
                .header("Content-Type", "application/octet-stream")
                .header(PeerProtocol.CHECKSUM_HEADER, checksum);
        if (compressed) {
            request.header("Content-Encoding", Compression.ZSTD);
        }
        return read(send(request.PUT(BulkHttp.ofBytes(body))), ChunkReceipt.class);
    }

    /** @param digest the delta digest ({@code DeltaDigest}) */
    public CommitResult commit(String volumeId, long snapshot, String digest) {
        return read(send(request(PeerProtocol.transferPath(volumeId, snapshot) + "/commit")
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofByteArray(write(new CommitRequest(digest))))), CommitResult.class);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout);
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new TransferException(Reason.PEER_UNREACHABLE, null, "transfer-service of site " + site + " at "
                    + baseUrl + " did not answer " + request.method() + " " + request.uri().getPath() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransferException(Reason.PEER_UNREACHABLE, null, "interrupted while calling site " + site, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw failure(request, response);
        }
        return response;
    }

    private TransferException failure(HttpRequest request, HttpResponse<byte[]> response) {
        ErrorResponse error = errorBody(response.body());
        Reason reason = Reason.ofAnswer(error == null ? null : error.reason(), response.statusCode());
        String message = error != null && error.error() != null ? error.error()
                : new String(response.body(), StandardCharsets.UTF_8);
        return new TransferException(reason, error == null ? null : error.field(), "site " + site + " answered "
                + request.method() + " " + request.uri().getPath() + " with " + response.statusCode() + ": " + message);
    }

    private static ErrorResponse errorBody(byte[] body) {
        try {
            return JSON.readValue(body, ErrorResponse.class);
        } catch (IOException e) {
            return null;
        }
    }

    private <T> T read(HttpResponse<byte[]> response, Class<T> type) {
        try {
            return JSON.readValue(response.body(), type);
        } catch (IOException e) {
            throw new TransferException(Reason.PEER_UNREACHABLE, null, "site " + site + " answered "
                    + response.request().uri().getPath() + " with an unreadable " + type.getSimpleName() + ": "
                    + e.getMessage(), e);
        }
    }

    private static byte[] write(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + body.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
