package io.datamover.placement.domain;

import io.datamover.events.DecisionType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Switchovers away from this placement instance's own site when its shortage has lasted the hold time: every group
 * whose primary is the site, highest priority first, moves to the target {@link TargetChoice} picks. A group with a
 * decision under way is left alone, so a shortage moves a group once; a group no site can take gets a
 * {@value Decision#NO_TARGET} decision that names why, and moves once a target qualifies while the shortage lasts.
 * Each instance decides only for its own site: the site short of power or cooling is alive and coordinates the
 * moves away from it. A group still waiting for a target when the shortage ends, or when the site's metrics go
 * stale, is {@value Decision#CANCELLED}.
 */
public final class ShortageTriggers {

    private ShortageTriggers() {
    }

    /** The decisions opened or advanced at {@code now}; none when the own site's shortage is not due. */
    public static List<Decision> evaluate(String self, Map<String, SiteRecord> sites, List<GroupView> groups,
            Map<String, Decision> openByGroup, SitePolicy policy, Instant now) {
        Optional<String> shortage = SiteRules.dueShortage(sites.getOrDefault(self, SiteRecord.unknown(self)), policy,
                now);
        if (shortage.isEmpty()) {
            return cancelWaiting(self, sites, openByGroup, policy, now);
        }
        List<Decision> decided = new ArrayList<>();
        List<GroupView> affected = groups.stream().filter(g -> self.equals(g.primarySite()))
                .sorted(Comparator.comparingInt((GroupView g) -> policy.priority(g.groupId())).reversed()
                        .thenComparing(GroupView::groupId))
                .toList();
        for (GroupView group : affected) {
            Decision open = openByGroup.get(group.groupId());
            if (open != null && !open.step().equals(Decision.NO_TARGET)) {
                continue;
            }
            TargetChoice choice = TargetChoice.of(group, sites, policy, now);
            if (choice.site().isPresent()) {
                String cause = String.format(Locale.ROOT, "%s; %s chosen with %.1f kW above its minimum headroom"
                        + " (priority %d)", shortage.get(), choice.site().get(), choice.marginKw(),
                        policy.priority(group.groupId()));
                decided.add(open != null ? open.next(Decision.TRIGGERED, choice.site().get(), cause, now)
                        : open(group, Decision.TRIGGERED, choice.site().get(), cause, now));
            } else if (open == null) {
                decided.add(open(group, Decision.NO_TARGET, self, shortage.get() + "; no site can take the group: "
                        + String.join("; ", choice.rejected()), now));
            }
        }
        return decided;
    }

    private static List<Decision> cancelWaiting(String self, Map<String, SiteRecord> sites,
            Map<String, Decision> openByGroup, SitePolicy policy, Instant now) {
        List<Decision> cancelled = new ArrayList<>();
        for (Decision open : openByGroup.values()) {
            if (open.step().equals(Decision.NO_TARGET) && open.fromSite().equals(self)) {
                SiteCondition condition = SiteRules.condition(sites.getOrDefault(self, SiteRecord.unknown(self)),
                        policy, now);
                cancelled.add(open.next(Decision.CANCELLED, open.site(), self + " no longer has a shortage due: "
                        + condition.state().name().toLowerCase(Locale.ROOT) + ", " + condition.detail(), now));
            }
        }
        return cancelled;
    }

    private static Decision open(GroupView group, String step, String site, String cause, Instant now) {
        String id = "switchover-" + group.groupId() + "-" + now.toEpochMilli();
        return new Decision(id, DecisionType.SWITCHOVER, step, group.groupId(), group.volumeIds(), group.primarySite(),
                site, cause, now, now);
    }
}
