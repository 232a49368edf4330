package io.datamover.placement.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where a volume group can move: to a known site, other than its primary, that holds a consistent replica of every
 * volume of the group, is alive, and has fresh metrics with headroom above its minimum. Of those, the one with the
 * largest margin above its minimum headroom (power or cooling, whichever is smaller); ties go to the site name first
 * in order, so that every placement instance chooses the same. A site without headroom, or whose metrics are unknown,
 * is never chosen.
 *
 * @param site the chosen site, absent when none qualifies
 * @param rejected why each other candidate was not chosen, e.g. {@code lulea: no consistent replica}
 */
public record TargetChoice(Optional<String> site, double marginKw, List<String> rejected) {

    public TargetChoice {
        rejected = List.copyOf(rejected);
    }

    public static TargetChoice of(GroupView group, Map<String, SiteRecord> sites, SitePolicy policy, Instant now) {
        List<String> rejected = new ArrayList<>();
        record Candidate(String site, double marginKw) {
        }
        List<Candidate> candidates = new ArrayList<>();
        for (String site : policy.knownSites()) {
            if (site.equals(group.primarySite())) {
                continue;
            }
            SiteRecord record = sites.getOrDefault(site, SiteRecord.unknown(site));
            SiteCondition condition = SiteRules.condition(record, policy, now);
            if (!group.replicaSites().contains(site)) {
                rejected.add(site + ": holds no consistent replica of every volume of the group");
            } else if (!SiteRules.isAlive(record, policy, now)) {
                rejected.add(site + ": " + SiteRules.silence(record, now));
            } else if (!condition.is(SiteCondition.State.HEALTHY)) {
                rejected.add(site + ": " + (condition.is(SiteCondition.State.SHORT) ? "short of headroom, "
                        : "headroom unknown, ") + condition.detail());
            } else {
                candidates.add(new Candidate(site, condition.marginKw()));
            }
        }
        Optional<Candidate> best = candidates.stream().min(Comparator.comparingDouble(Candidate::marginKw).reversed()
                .thenComparing(Candidate::site));
        for (Candidate other : candidates) {
            if (best.isPresent() && other != best.get()) {
                rejected.add(String.format(Locale.ROOT, "%s: %.1f kW above its minimum headroom, less than %s",
                        other.site(), other.marginKw(), best.get().site()));
            }
        }
        return new TargetChoice(best.map(Candidate::site), best.map(Candidate::marginKw).orElse(Double.NaN), rejected);
    }
}
