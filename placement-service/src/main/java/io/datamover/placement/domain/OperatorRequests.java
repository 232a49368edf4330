package io.datamover.placement.domain;

import io.datamover.events.SwitchoverRequested;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An operator's switchover request, decided by the placement instance of the group's primary site: it goes ahead
 * like a shortage's switchover, to the site asked for or, if none was, to the one {@link TargetChoice} picks; it is
 * rejected, with why, when a decision about the group is under way or the target cannot take the group (the same
 * rules as for a shortage: a consistent replica of every volume, alive, fresh metrics with headroom).
 */
public final class OperatorRequests {

    private OperatorRequests() {
    }

    /** The decision the request opens; empty when the group is not this site's to move (or not known at all). */
    public static Optional<Decision> decide(String self, SwitchoverRequested request, List<GroupView> groups,
            Map<String, SiteRecord> sites, Map<String, Decision> openByGroup, SitePolicy policy, Instant now) {
        Optional<GroupView> found = groups.stream().filter(g -> g.groupId().equals(request.groupId())).findFirst();
        if (found.isEmpty() || !self.equals(found.get().primarySite())) {
            return Optional.empty();
        }
        GroupView group = found.get();
        String cause = "operator request: " + request.reason();
        Decision open = openByGroup.get(group.groupId());
        if (open != null) {
            return Optional.of(rejected(group, request, cause + "; rejected: decision " + open.decisionId()
                    + " about the group is at step " + open.step(), now));
        }
        if (self.equals(request.targetSite())) {
            return Optional.of(rejected(group, request, cause + "; rejected: " + self + " is already the primary",
                    now));
        }
        GroupView candidates = request.targetSite() == null ? group
                : group.withReplicaSites(group.replicaSites().contains(request.targetSite())
                        ? Set.of(request.targetSite()) : Set.of());
        TargetChoice choice = TargetChoice.of(candidates, sites, policy, now);
        if (choice.site().isEmpty()) {
            String why = request.targetSite() == null ? String.join("; ", choice.rejected())
                    : choice.rejected().stream().filter(r -> r.startsWith(request.targetSite() + ":")).findFirst()
                            .orElse(request.targetSite() + ": not a known site");
            return Optional.of(rejected(group, request, cause + "; rejected: no site can take the group: " + why,
                    now));
        }
        return Optional.of(Decision.switchover(group, Decision.TRIGGERED, choice.site().get(), cause + "; "
                + choice.site().get() + " takes the group", now, now.plus(policy.switchoverDeadline())));
    }

    private static Decision rejected(GroupView group, SwitchoverRequested request, String cause, Instant now) {
        String site = request.targetSite() != null ? request.targetSite() : group.primarySite();
        return Decision.rejected(request.eventId(), group, site, cause, now);
    }
}
