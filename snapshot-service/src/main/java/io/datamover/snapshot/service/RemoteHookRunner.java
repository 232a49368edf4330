package io.datamover.snapshot.service;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datamover.snapshot.config.SnapshotConfig;
import io.datamover.snapshot.domain.Group;
import io.datamover.snapshot.domain.ProtectionException;
import io.datamover.snapshot.domain.RemoteHooks;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Runs a group's remote hook: asks the site's kube-controller ({@code datamover.snapshot.hook-url}) with
 * {@code POST /hooks/{groupId}/pre} or {@code /post} to run it in a pod of the application, and waits for the answer
 * up to the hook's timeout plus {@code datamover.snapshot.hook-grace}. No answer in time counts as a timeout.
 */
@Singleton
public class RemoteHookRunner {

    private static final Logger LOG = Logger.getLogger(RemoteHookRunner.class);

    private final String site;
    private final Optional<String> baseUrl;
    private final Duration grace;
    private final ObjectMapper mapper;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /**
     * What the controller answers to a hook it ran (or found no pod for).
     *
     * @param reason why it failed: {@code NoRunningPod}, {@code Timeout}, {@code NonZeroExit} or {@code ExecFailed}
     * @param message a sentence naming the group, phase, pod and container, with the tail of the output
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Answer(boolean succeeded, String reason, Integer exitCode, String namespace, String pod, String container,
            String message) {
    }

    @Inject
    public RemoteHookRunner(SnapshotConfig config, ObjectMapper mapper) {
        this(config.site(), config.snapshot().hookUrl(), config.snapshot().hookGrace(), mapper);
    }

    /** @param baseUrl the controller's base URL; empty when none is configured */
    public RemoteHookRunner(String site, Optional<String> baseUrl, Duration grace, ObjectMapper mapper) {
        this.site = site;
        this.baseUrl = baseUrl.map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        this.grace = grace;
        this.mapper = mapper;
    }

    /**
     * Checks that the group's remote hooks, if it has any, can be run from here.
     *
     * @throws ProtectionException INVALID naming {@code remoteHooks} when no controller is configured
     */
    public Group requireRunnable(Group group) {
        if (group.remoteHooks() != null && baseUrl.isEmpty()) {
            throw ProtectionException.invalid("remoteHooks", "cannot be run by the snapshot-service of site " + site
                    + ": datamover.snapshot.hook-url names no kube-controller to run them");
        }
        return group;
    }

    /**
     * @param phase {@code pre} or {@code post}
     * @param subject what the hook is, for the log, e.g. {@code preHook of group shop at site stockholm}
     */
    public HookRunner.Result run(Group group, String phase, RemoteHooks.Phase hook, String subject) {
        if (baseUrl.isEmpty()) {
            return new HookRunner.Result(null, false, "could not be run: datamover.snapshot.hook-url names no"
                    + " kube-controller to run remote hooks");
        }
        URI uri = URI.create(baseUrl.get() + "/hooks/" + group.groupId() + "/" + phase);
        Duration deadline = Duration.ofSeconds(hook.timeoutSeconds()).plus(grace);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(deadline)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(group, hook))).build();
        LOG.infof("%s: asking the controller at %s to run it (timeout %ds)", subject, baseUrl.get(),
                hook.timeoutSeconds());
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return result(response.statusCode(), response.body(), subject);
        } catch (HttpTimeoutException e) {
            return new HookRunner.Result(null, true, "timed out: the controller at " + baseUrl.get()
                    + " did not answer POST " + uri.getPath() + " within " + deadline.toSeconds() + "s");
        } catch (IOException e) {
            return new HookRunner.Result(null, false, "could not be run: the controller at " + baseUrl.get()
                    + " is unreachable: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new HookRunner.Result(null, false, "interrupted while the controller at " + baseUrl.get()
                    + " ran it");
        }
    }

    private String body(Group group, RemoteHooks.Phase hook) {
        try {
            return mapper.writeValueAsString(Map.of("site", site, "volumeIds", group.volumeIds(),
                    "timeoutSeconds", hook.timeoutSeconds()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the hook request of group " + group.groupId(), e);
        }
    }

    /** The result of the controller's answer: its own on a 200, a refusal naming the field otherwise. */
    HookRunner.Result result(int status, String body, String subject) {
        String controller = "the controller at " + baseUrl.orElse("?");
        if (status != 200) {
            JsonNode error = tree(body);
            String field = error.path("field").isTextual() ? " (field " + error.path("field").asText() + ")" : "";
            String text = error.path("error").isTextual() ? error.path("error").asText() : body;
            return new HookRunner.Result(null, false, "was refused by " + controller + " with " + status + field
                    + ": " + text);
        }
        Answer answer;
        try {
            answer = mapper.readValue(body, Answer.class);
        } catch (JsonProcessingException e) {
            return new HookRunner.Result(null, false, "got an unreadable answer from " + controller + ": "
                    + e.getOriginalMessage());
        }
        if (answer.succeeded()) {
            LOG.infof("%s ran in pod %s/%s, container %s: %s", subject, answer.namespace(), answer.pod(),
                    answer.container(), answer.message());
            return new HookRunner.Result(answer.exitCode() == null ? 0 : answer.exitCode(), false, null);
        }
        return new HookRunner.Result(answer.exitCode(), "Timeout".equals(answer.reason()), "failed ("
                + answer.reason() + ") through " + controller + ": " + answer.message());
    }

    private JsonNode tree(String body) {
        try {
            return mapper.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (JsonProcessingException e) {
            return mapper.createObjectNode();
        }
    }
}
