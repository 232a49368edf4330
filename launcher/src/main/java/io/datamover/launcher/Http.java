package io.datamover.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.datamover.events.EventJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** JSON over HTTP to the services' REST APIs, for the CLI; a non-2xx answer is an error that quotes the service. */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    public static JsonNode get(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET());
    }

    public static JsonNode put(URI uri, Object body) {
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(json(body))));
    }

    public static JsonNode post(URI uri, Object body) {
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json(body))));
    }

    public static JsonNode delete(URI uri) {
        return send(HttpRequest.newBuilder(uri).DELETE());
    }

    private static byte[] json(Object body) {
        try {
            return EventJson.mapper().writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write request body", e);
        }
    }

    private static JsonNode send(HttpRequest.Builder request) {
        HttpRequest built = request.timeout(Duration.ofSeconds(30)).build();
        try {
            HttpResponse<String> response = CLIENT.send(built, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new HttpException(response.statusCode(), built.method() + " " + built.uri() + " answered "
                        + response.statusCode() + ": " + response.body());
            }
            String body = response.body();
            return body == null || body.isBlank() ? EventJson.mapper().nullNode() : EventJson.mapper().readTree(body);
        } catch (IOException e) {
            throw new HttpException(0, built.method() + " " + built.uri() + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpException(0, built.method() + " " + built.uri() + " interrupted");
        }
    }

    /** A failed call; {@code status} is 0 when the service could not be reached. */
    public static final class HttpException extends RuntimeException {
        private final int status;

        HttpException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
