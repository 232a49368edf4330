package io.datamover.kube.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datamover.kube.client.SnapshotServiceException.Kind;
import io.datamover.kube.domain.Ids;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Optional;

/** The snapshot-service's groups and protections, over its REST API. */
public class SnapshotServiceClient {

    private final String baseUrl;
    private final HttpClient http;
    private final Duration timeout;
    private final ObjectMapper mapper;

    public SnapshotServiceClient(String baseUrl, Duration timeout, ObjectMapper mapper) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
        this.mapper = mapper;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public Optional<GroupView> group(String groupId) {
        return find(path("groups", groupId), GroupView.class);
    }

    public void putGroup(String groupId, GroupRequest request) {
        send(put(path("groups", groupId), request));
    }

    /** Deletes the group; one that does not exist is no error. */
    public void deleteGroup(String groupId) {
        delete(path("groups", groupId));
    }

    public Optional<ProtectionView> protection(String volumeId) {
        return find(path("protections", volumeId), ProtectionView.class);
    }

    public void putProtection(String volumeId, ProtectionRequest request) {
        send(put(path("protections", volumeId), request));
    }

    /** Ends the volume's protection; one that is not protected is no error. */
    public void deleteProtection(String volumeId) {
        delete(path("protections", volumeId));
    }

    /** Only a valid id goes into a path: nothing like {@code ../} reaches the service. */
    private static String path(String collection, String id) {
        if (!Ids.isValid(id)) {
            throw new IllegalArgumentException("'" + id + "' is not a valid id for /" + collection);
        }
        return "/" + collection + "/" + id;
    }

    private <T> Optional<T> find(String path, Class<T> type) {
        HttpResponse<String> response = exchange(request(path).GET());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        check(response);
        try {
            return Optional.of(mapper.readValue(response.body(), type));
        } catch (JsonProcessingException e) {
            throw new SnapshotServiceException(Kind.FAILED, response.statusCode(), null, "the snapshot-service at "
                    + baseUrl + " answered GET " + path + " with an unreadable body: " + e.getOriginalMessage(), e);
        }
    }

    private HttpRequest.Builder put(String path, Object body) {
        try {
            return request(path).header("Content-Type", "application/json")
                    .PUT(BodyPublishers.ofString(mapper.writeValueAsString(body)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + body + " as JSON", e);
        }
    }

    private void delete(String path) {
        HttpResponse<String> response = exchange(request(path).DELETE());
        if (response.statusCode() != 404) {
            check(response);
        }
    }

    private void send(HttpRequest.Builder builder) {
        check(exchange(builder));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout);
    }

    private HttpResponse<String> exchange(HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        try {
            return http.send(request, BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SnapshotServiceException(Kind.UNREACHABLE, 0, null, "the snapshot-service at " + baseUrl
                    + " is unreachable: " + request.method() + " " + request.uri().getPath() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnapshotServiceException(Kind.UNREACHABLE, 0, null, "interrupted while calling the"
                    + " snapshot-service: " + request.method() + " " + request.uri().getPath(), e);
        }
    }

    private void check(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status / 100 == 2) {
            return;
        }
        JsonNode body = errorBody(response.body());
        String error = body.path("error").isTextual() ? body.path("error").asText() : response.body();
        String field = body.path("field").isTextual() ? body.path("field").asText() : null;
        boolean refused = status / 100 == 4;
        String message = "the snapshot-service " + (refused ? "refused " : "failed ") + response.request().method()
                + " " + response.request().uri().getPath() + " with " + status
                + (field == null ? "" : " (field " + field + ")") + ": " + error;
        throw new SnapshotServiceException(refused ? Kind.REFUSED : Kind.FAILED, status, field, message, null);
    }

    /** The {@code {"error", "field"}} of an answer, or an empty object if it is not one. */
    private JsonNode errorBody(String body) {
        try {
            return mapper.readTree(body);
        } catch (JsonProcessingException e) {
            return mapper.createObjectNode();
        }
    }
}
