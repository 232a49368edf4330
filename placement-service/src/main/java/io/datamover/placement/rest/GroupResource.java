package io.datamover.placement.rest;

import io.datamover.events.EventPublisher;
import io.datamover.events.Fields;
import io.datamover.events.SwitchoverRequested;
import io.datamover.placement.domain.Decision;
import io.datamover.placement.domain.GroupView;
import io.datamover.placement.domain.PlacementException;
import io.datamover.placement.domain.PlacementException.Reason;
import io.datamover.placement.domain.SitePolicy;
import io.datamover.placement.kafka.CoordinatorQueries;
import io.datamover.placement.kafka.ReplicaStateQueries;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The volume groups as placement sees them, with the latest decision about each; and operators' switchover requests,
 * which any site's placement accepts and the placement of the group's primary site carries out.
 */
@Path("/groups")
@Produces(MediaType.APPLICATION_JSON)
public class GroupResource {

    /**
     * A group: its volumes, primary, the sites holding a consistent replica of every volume, the priority it moves by
     * at a short site (configured, else announced, else 0), the one its snapshots announced, its latest decision.
     */
    public record GroupStatus(String groupId, List<String> volumeIds, String primarySite, Set<String> replicaSites,
            int priority, Integer announcedPriority, Decision latestDecision) {
    }

    /** The body of a switchover request; both fields optional. */
    public record SwitchoverBody(String targetSite, String reason) {
    }

    /** The answer to a switchover request: where to follow it. */
    public record SwitchoverAccepted(String requestId, String groupId, String coordinatorSite, String rejectionId) {
    }

    private final ReplicaStateQueries volumes;
    private final CoordinatorQueries coordinator;
    private final SitePolicy policy;
    private final EventPublisher publisher;

    GroupResource(ReplicaStateQueries volumes, CoordinatorQueries coordinator, SitePolicy policy,
            EventPublisher publisher) {
        this.volumes = volumes;
        this.coordinator = coordinator;
        this.policy = policy;
        this.publisher = publisher;
    }

    @GET
    public List<GroupStatus> groups() {
        List<Decision> decisions = coordinator.decisions();
        return GroupView.of(volumes.volumes()).stream().map(group -> new GroupStatus(group.groupId(),
                group.volumeIds(), group.primarySite(), group.replicaSites(), policy.priority(group),
                group.announcedPriority(), decisions.stream().filter(d -> d.groupId().equals(group.groupId()))
                        .findFirst().orElse(null)))
                .toList();
    }

    /**
     * Asks for a switchover of the group now: 202 with the request's id once the request is on Kafka. The decision
     * appears in {@code GET /decisions} of the group's primary site, or, when the request cannot be carried out, as
     * {@code request-<requestId>} with step {@code rejected} and why.
     */
    @POST
    @Path("{id}/switchover")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response switchover(@PathParam("id") String id, SwitchoverBody body) {
        requireId("id", id);
        Optional<String> target = Optional.ofNullable(body).map(SwitchoverBody::targetSite);
        target.ifPresent(site -> {
            requireId("targetSite", site);
            if (!policy.isKnown(site)) {
                throw new PlacementException(Reason.INVALID_INPUT, "targetSite", "targetSite '" + site
                        + "' is not one of the known sites " + policy.knownSites());
            }
        });
        GroupView group = GroupView.of(volumes.volumes()).stream().filter(g -> g.groupId().equals(id)).findFirst()
                .orElseThrow(() -> new PlacementException(Reason.UNKNOWN_GROUP, "id", "unknown volume group '" + id
                        + "': no volume of it has been seen by placement"));
        if (group.primarySite() == null) {
            throw new PlacementException(Reason.CONFLICT, "id", "the volumes of group '" + id
                    + "' do not agree on a primary site yet; try again after their next snapshot");
        }
        String reason = Optional.ofNullable(body).map(SwitchoverBody::reason).filter(r -> !r.isBlank())
                .orElse("requested by an operator");
        SwitchoverRequested request = SwitchoverRequested.of(id, target.orElse(null), reason);
        publisher.publish(request);
        return Response.accepted(new SwitchoverAccepted(request.eventId(), id, group.primarySite(),
                "request-" + request.eventId())).build();
    }

    private static void requireId(String field, String value) {
        if (!Fields.isValidId(value)) {
            throw new PlacementException(Reason.INVALID_INPUT, field, field + " '" + value + "' is not a valid id"
                    + " (lower-case letters, digits and '-', 1 to 63 characters, starting and ending with a letter"
                    + " or digit)");
        }
    }
}
