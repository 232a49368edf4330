package io.datamover.kube.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The body of {@code POST /hooks/{groupId}/{phase}}, all optional.
 *
 * @param site the site of the snapshot-service that asks, for the log (ignored unless it is a site id)
 * @param volumeIds the group's volumes as the snapshot-service knows them, for the log
 * @param timeoutSeconds how long the caller waits for the command: the command's time is cut to it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HookCall(String site, List<String> volumeIds, Integer timeoutSeconds) {
}
