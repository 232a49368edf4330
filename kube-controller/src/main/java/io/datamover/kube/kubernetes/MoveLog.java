package io.datamover.kube.kubernetes;

import io.datamover.kube.domain.MoveReport;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last step of a move each group took at this site since the controller started, as {@code GET /moves} shows it:
 * also for a group without a ProtectedApplication here, which has no status to show it in.
 */
@ApplicationScoped
public class MoveLog {

    private final Map<String, MoveReport> byGroup = new ConcurrentHashMap<>();

    public void put(MoveReport report) {
        byGroup.put(report.groupId(), report);
    }

    public Optional<MoveReport> find(String groupId) {
        return Optional.ofNullable(byGroup.get(groupId));
    }

    /** By group id. */
    public List<MoveReport> all() {
        return byGroup.values().stream().sorted(Comparator.comparing(MoveReport::groupId)).toList();
    }
}
