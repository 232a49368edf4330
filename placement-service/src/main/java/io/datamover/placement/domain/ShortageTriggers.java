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
 * decision under way is left alone, so a shortage moves a group once (see {@code mayMove} for after a decision
 * ended); a group no site can take gets a
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
            Map<String, Decision> latestByGroup, SitePolicy policy, Instant now) {
        Optional<String> shortage = SiteRules.dueShortage(sites.getOrDefault(self, SiteRecord.unknown(self)), policy,
                now);
        if (shortage.isEmpty()) {
            return cancelWaiting(self, sites, latestByGroup, policy, now);
        }
        List<Decision> decided = new ArrayList<>();
        List<GroupView> affected = groups.stream().filter(g -> self.equals(g.primarySite()))
                .sorted(Comparator.comparingInt((GroupView g) -> policy.priority(g)).reversed()
                        .thenComparing(GroupView::groupId))
                .toList();
        for (GroupView group : affected) {
            Decision latest = latestByGroup.get(group.groupId());
            if (latest != null && !mayMove(group, latest, policy, now)) {
                continue;
            }
            Decision open = latest != null && latest.step().equals(Decision.NO_TARGET) ? latest : null;
            TargetChoice choice = TargetChoice.of(group, sites, policy, now);
            if (choice.site().isPresent()) {
                String cause = String.format(Locale.ROOT, "%s; %s chosen with %.1f kW above its minimum headroom"
                        + " (priority %d)", shortage.get(), choice.site().get(), choice.marginKw(),
                        policy.priority(group));
                decided.add(open != null
                        ? open.trigger(choice.site().get(), cause, now, now.plus(policy.switchoverDeadline()))
                        : open(group, Decision.TRIGGERED, choice.site().get(), cause, policy, now));
            } else if (open == null) {
                decided.add(open(group, Decision.NO_TARGET, self, shortage.get() + "; no site can take the group: "
                        + String.join("; ", choice.rejected()), policy, now));
            }
        }
        return decided;
    }

    /**
     * Whether a group may move given the latest decision about it: not while one is under way (other than waiting
     * for a target); not after a committed move away until the group's view shows a snapshot taken here since (the
     * view lags until the new primary's first snapshot); not within the hold time after an aborted attempt.
     */
    private static boolean mayMove(GroupView group, Decision latest, SitePolicy policy, Instant now) {
        return switch (latest.step()) {
            case Decision.NO_TARGET, Decision.CANCELLED, Decision.REJECTED, Decision.PROMOTED -> true;
            case Decision.COMMITTED -> group.latestSnapshotAt() != null
                    && group.latestSnapshotAt().isAfter(latest.stepAt());
            case Decision.ABORTED -> !now.isBefore(latest.stepAt().plus(policy.holdTime()));
            default -> false;
        };
    }

    private static List<Decision> cancelWaiting(String self, Map<String, SiteRecord> sites,
            Map<String, Decision> latestByGroup, SitePolicy policy, Instant now) {
        List<Decision> cancelled = new ArrayList<>();
        for (Decision open : latestByGroup.values()) {
            if (open.step().equals(Decision.NO_TARGET) && open.fromSite().equals(self)) {
                SiteCondition condition = SiteRules.condition(sites.getOrDefault(self, SiteRecord.unknown(self)),
                        policy, now);
                cancelled.add(open.next(Decision.CANCELLED, open.site(), self + " no longer has a shortage due: "
                        + condition.state().name().toLowerCase(Locale.ROOT) + ", " + condition.detail(), now));
            }
        }
        return cancelled;
    }

    private static Decision open(GroupView group, String step, String site, String cause, SitePolicy policy,
            Instant now) {
        return Decision.switchover(group, step, site, cause, now, now.plus(policy.switchoverDeadline()));
    }
}
